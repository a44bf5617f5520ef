import { describe, expect, it } from 'vitest';
import { createMemoryRateLimiter } from '../../platform/ratelimit/memory.js';
import {
  call,
  codeFromOutbox,
  databaseFingerprint,
  forEachEngine,
  type Harness,
  outboxCount,
  signUpVerified,
} from '../../test/harness.js';

const login = (h: Harness, username: string, password: string) =>
  call(h, 'POST', '/api/auth/login/', { body: { username, password } });
const me = (h: Harness, access: string) => call(h, 'GET', '/api/auth/me/', { token: access });
const NEW_PASSWORD = 'an entirely new passphrase';

forEachEngine((h) => {
  describe('POST /api/auth/password/change/', () => {
    it('changes the password and signs out every other device, keeping this one', async () => {
      const u = await signUpVerified(h);
      const laptop = (await login(h, u.username, u.password)).json();
      const res = await call(h, 'POST', '/api/auth/password/change/', {
        token: u.access,
        body: { current_password: u.password, new_password: NEW_PASSWORD },
      });
      expect(res.statusCode).toBe(200);
      expect((await me(h, u.access)).statusCode).toBe(200);
      expect((await me(h, laptop.access)).statusCode).toBe(401);
      expect((await login(h, u.username, u.password)).statusCode).toBe(401);
      expect((await login(h, u.username, NEW_PASSWORD)).statusCode).toBe(200);
    });

    it('refuses a wrong current password or a weak new one, changing nothing', async () => {
      const u = await signUpVerified(h);
      const before = await databaseFingerprint(h);
      const wrong = await call(h, 'POST', '/api/auth/password/change/', {
        token: u.access,
        body: { current_password: 'not it at all', new_password: NEW_PASSWORD },
      });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json()).toHaveProperty('current_password');
      const weak = await call(h, 'POST', '/api/auth/password/change/', {
        token: u.access,
        body: { current_password: u.password, new_password: 'qwerty123' },
      });
      expect(weak.json()).toHaveProperty('new_password');
      expect(await databaseFingerprint(h)).toBe(before);
    });

    it('needs a sign-in', async () => {
      const res = await call(h, 'POST', '/api/auth/password/change/', {
        body: { current_password: 'whatever it is', new_password: NEW_PASSWORD },
      });
      expect(res.statusCode).toBe(401);
    });
  });

  describe('password reset', () => {
    it('mails a code that sets a new password and signs out everywhere', async () => {
      const u = await signUpVerified(h);
      const res = await call(h, 'POST', '/api/auth/password/reset/', {
        body: { email: u.email.toUpperCase() },
      });
      expect(res.statusCode).toBe(200);
      const otp = await codeFromOutbox(h, u.email);
      const confirm = await call(h, 'POST', '/api/auth/password/reset/confirm/', {
        body: { email: u.email, otp, new_password: NEW_PASSWORD },
      });
      expect(confirm.statusCode).toBe(200);
      expect((await me(h, u.access)).statusCode).toBe(401);
      expect((await login(h, u.username, NEW_PASSWORD)).statusCode).toBe(200);
      // The code is spent.
      const again = await call(h, 'POST', '/api/auth/password/reset/confirm/', {
        body: { email: u.email, otp, new_password: 'yet another passphrase' },
      });
      expect(again.json().code).toBe('otp_invalid');
    });

    it('answers the same whether or not the email is registered, and mails only a real account', async () => {
      const u = await signUpVerified(h);
      const before = await outboxCount(h);
      const known = await call(h, 'POST', '/api/auth/password/reset/', { body: { email: u.email } });
      const unknown = await call(h, 'POST', '/api/auth/password/reset/', {
        body: { email: 'ghost@example.com' },
      });
      expect([unknown.statusCode, unknown.body]).toEqual([known.statusCode, known.body]);
      expect(await outboxCount(h)).toBe(before + 1);
    });

    it('refuses a wrong, expired or verification code, and an unknown email alike', async () => {
      const u = await signUpVerified(h);
      await call(h, 'POST', '/api/auth/password/reset/', { body: { email: u.email } });
      const otp = await codeFromOutbox(h, u.email);
      const confirm = (email: string, code: string) =>
        call(h, 'POST', '/api/auth/password/reset/confirm/', {
          body: { email, otp: code, new_password: NEW_PASSWORD },
        });
      const wrong = await confirm(u.email, otp === '000000' ? '000001' : '000000');
      const unknown = await confirm('ghost@example.com', otp);
      expect(wrong.json()).toEqual({ detail: 'Invalid code.', code: 'otp_invalid' });
      expect(unknown.json()).toEqual(wrong.json());
      h.clock.advance(h.ctx.config.OTP_TTL_S + 1);
      expect((await confirm(u.email, otp)).json().code).toBe('otp_expired');
      expect((await login(h, u.username, u.password)).statusCode).toBe(200);
    });

    it('has a cooldown between reset mails', async () => {
      const u = await signUpVerified(h);
      h.ctx.limiter = createMemoryRateLimiter();
      expect(
        (await call(h, 'POST', '/api/auth/password/reset/', { body: { email: u.email } })).statusCode,
      ).toBe(200);
      const second = await call(h, 'POST', '/api/auth/password/reset/', { body: { email: u.email } });
      expect(second.statusCode).toBe(429);
      expect(second.headers['retry-after']).toBeDefined();
    });
  });
});
