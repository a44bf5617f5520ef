import { describe, expect, it } from 'vitest';
import {
  call,
  codeFromOutbox,
  countRows,
  databaseFingerprint,
  forEachEngine,
  type Harness,
  outboxCount,
} from '../../test/harness.js';

const alice = {
  username: 'alice',
  email: 'Alice@Example.com',
  password: 'a long enough passphrase',
  name: 'Alice',
};

const signUp = (h: Harness, body: Record<string, unknown> = alice) =>
  call(h, 'POST', '/api/auth/signup/', { body });
const verify = (h: Harness, email: string, otp: string) =>
  call(h, 'POST', '/api/auth/verify-email/', { body: { email, otp } });
const wrongCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

forEachEngine((h) => {
  describe('POST /api/auth/signup/', () => {
    it('creates an inactive account with a lower-cased email and mails a code', async () => {
      const res = await signUp(h);
      expect(res.statusCode).toBe(201);
      expect(res.json()).toEqual({
        id: expect.any(String),
        username: 'alice',
        email: 'alice@example.com',
        name: 'Alice',
      });
      expect(await codeFromOutbox(h, 'alice@example.com')).toMatch(/^\d{6}$/);
      const login = await call(h, 'POST', '/api/auth/login/', {
        body: { username: 'alice', password: alice.password },
      });
      expect(login.statusCode).toBe(401);
    });

    it('refuses a verified email or username, whatever their case', async () => {
      await signUp(h);
      await verify(h, 'alice@example.com', await codeFromOutbox(h, 'alice@example.com'));
      const sameEmail = await signUp(h, { ...alice, username: 'other', email: 'ALICE@example.com' });
      expect(sameEmail.statusCode).toBe(400);
      expect(sameEmail.json()).toEqual({ email: ['Email already registered.'] });
      const sameName = await signUp(h, { ...alice, username: 'ALICE', email: 'new@example.com' });
      expect(sameName.statusCode).toBe(400);
      expect(sameName.json()).toHaveProperty('username');
    });

    it('replaces an account that never verified, so nobody is stranded', async () => {
      const first = await signUp(h);
      const again = await signUp(h, { ...alice, name: 'Alice Again' });
      expect(again.statusCode).toBe(201);
      expect(again.json().id).not.toBe(first.json().id);
      expect(await countRows(h, 'users')).toBe(1);
    });

    it("keeps a pending sign-up's username reserved to it until its code expires", async () => {
      await signUp(h);
      const stranger = { ...alice, username: 'ALICE', email: 'mallory@example.com', name: 'Mallory' };
      const before = await databaseFingerprint(h);
      const squat = await signUp(h, stranger);
      expect(squat.statusCode).toBe(400);
      expect(squat.json()).toEqual({ username: ['A user with that username already exists.'] });
      expect(await databaseFingerprint(h)).toBe(before);
      // Alice's code still works.
      const verified = await verify(h, 'alice@example.com', await codeFromOutbox(h, 'alice@example.com'));
      expect(verified.statusCode).toBe(200);
    });

    it('lets someone else take the username once the pending code has expired', async () => {
      await signUp(h);
      const aliceCode = await codeFromOutbox(h, 'alice@example.com');
      h.clock.advance(h.ctx.config.OTP_TTL_S + 1);
      const taken = await signUp(h, { ...alice, email: 'bob@example.com', name: 'Bob' });
      expect(taken.statusCode).toBe(201);
      expect(await countRows(h, 'users')).toBe(1);
      expect((await verify(h, 'alice@example.com', aliceCode)).json()).toMatchObject({ code: 'otp_invalid' });
    });

    it.each([
      ['a short password', { password: 'short1!' }, 'password'],
      ['a common password', { password: 'password123' }, 'password'],
      ['the username as password', { username: 'sunnydays', password: 'sunnydays' }, 'password'],
      ['a bad username', { username: 'has space' }, 'username'],
      ['a bad email', { email: 'not-an-email' }, 'email'],
      ['a missing name', { name: undefined }, 'name'],
    ])('refuses %s with a field error and changes nothing', async (_label, change, field) => {
      const before = await databaseFingerprint(h);
      const res = await signUp(h, { ...alice, ...change });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toHaveProperty(field);
      expect(await databaseFingerprint(h)).toBe(before);
      expect(await outboxCount(h)).toBe(0);
    });
  });

  describe('POST /api/auth/verify-email/', () => {
    it('activates the account and signs in, matching the email without regard to case', async () => {
      await signUp(h);
      const code = await codeFromOutbox(h, 'alice@example.com');
      const res = await verify(h, 'ALICE@EXAMPLE.COM', code);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        access: expect.any(String),
        refresh: expect.any(String),
        detail: 'Email Verified successfully',
      });
      const me = await call(h, 'GET', '/api/auth/me/', { token: res.json().access });
      expect(me.json().username).toBe('alice');
    });

    it('refuses a wrong code, and a code used twice', async () => {
      await signUp(h);
      const code = await codeFromOutbox(h, 'alice@example.com');
      const wrong = await verify(h, 'alice@example.com', wrongCode(code));
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().code).toBe('otp_invalid');
      expect((await verify(h, 'alice@example.com', code)).statusCode).toBe(200);
      expect((await verify(h, 'alice@example.com', code)).json().code).toBe('otp_invalid');
    });

    it('refuses an expired code', async () => {
      await signUp(h);
      const code = await codeFromOutbox(h, 'alice@example.com');
      h.clock.advance(h.ctx.config.OTP_TTL_S + 1);
      const res = await verify(h, 'alice@example.com', code);
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('otp_expired');
    });

    it('locks the code after too many wrong tries, even for the right one', async () => {
      await signUp(h);
      const code = await codeFromOutbox(h, 'alice@example.com');
      for (let i = 0; i < h.ctx.config.OTP_MAX_ATTEMPTS; i++) {
        expect((await verify(h, 'alice@example.com', wrongCode(code))).json().code).toBe('otp_invalid');
      }
      const locked = await verify(h, 'alice@example.com', code);
      expect(locked.statusCode).toBe(400);
      expect(locked.json().code).toBe('otp_locked');
    });

    it('answers an unknown email exactly like a wrong code', async () => {
      await signUp(h);
      const code = await codeFromOutbox(h, 'alice@example.com');
      const known = await verify(h, 'alice@example.com', wrongCode(code));
      const unknown = await verify(h, 'nobody@example.com', wrongCode(code));
      expect(unknown.statusCode).toBe(known.statusCode);
      expect(unknown.json()).toEqual(known.json());
    });
  });

  describe('POST /api/auth/resend-email-otp/', () => {
    it('mails a new code after the cooldown, and the old code stops working', async () => {
      await signUp(h);
      const first = await codeFromOutbox(h, 'alice@example.com');
      const tooSoon = await call(h, 'POST', '/api/auth/resend-email-otp/', {
        body: { email: 'alice@example.com' },
      });
      expect(tooSoon.statusCode).toBe(429);
      expect(Number(tooSoon.headers['retry-after'])).toBeGreaterThan(0);

      h.ctx.limiter = (await import('../../platform/ratelimit/memory.js')).createMemoryRateLimiter();
      const res = await call(h, 'POST', '/api/auth/resend-email-otp/', {
        body: { email: 'alice@example.com' },
      });
      expect(res.statusCode).toBe(200);
      const second = await codeFromOutbox(h, 'alice@example.com');
      expect(await outboxCount(h)).toBe(2);
      if (second !== first)
        expect((await verify(h, 'alice@example.com', first)).json().code).toBe('otp_invalid');
      expect((await verify(h, 'alice@example.com', second)).statusCode).toBe(200);
    });

    it('gives the same answer for unknown, unverified and verified emails, and mails only the unverified', async () => {
      await signUp(h);
      h.ctx.limiter = (await import('../../platform/ratelimit/memory.js')).createMemoryRateLimiter();
      const replies = [];
      for (const email of ['nobody@example.com', 'alice@example.com']) {
        const res = await call(h, 'POST', '/api/auth/resend-email-otp/', { body: { email } });
        replies.push([res.statusCode, res.body]);
      }
      expect(replies[0]).toEqual(replies[1]);
      expect(await outboxCount(h)).toBe(2);
    });

    it('applies the cooldown to unknown emails too, so it reveals nothing', async () => {
      const first = await call(h, 'POST', '/api/auth/resend-email-otp/', {
        body: { email: 'ghost@example.com' },
      });
      const second = await call(h, 'POST', '/api/auth/resend-email-otp/', {
        body: { email: 'ghost@example.com' },
      });
      expect(first.statusCode).toBe(200);
      expect(second.statusCode).toBe(429);
    });
  });
});
