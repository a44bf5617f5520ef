import { describe, expect, it } from 'vitest';
import { call, forEachEngine, type Harness, setRole, signUpVerified } from '../../test/harness.js';

const login = (h: Harness, username: string, password: string) =>
  call(h, 'POST', '/api/auth/login/', { body: { username, password } });
const refresh = (h: Harness, token: string) =>
  call(h, 'POST', '/api/auth/token/refresh/', { body: { refresh: token } });
const me = (h: Harness, access: string) => call(h, 'GET', '/api/auth/me/', { token: access });

forEachEngine((h) => {
  describe('POST /api/auth/login/', () => {
    it('signs in by username or by email, in any case', async () => {
      const u = await signUpVerified(h);
      for (const name of [u.username, u.username.toUpperCase(), u.email, u.email.toUpperCase()]) {
        const res = await login(h, name, u.password);
        expect(res.statusCode).toBe(200);
        expect((await me(h, res.json().access)).json().id).toBe(u.id);
      }
    });

    it('gives one identical answer for an unknown user, a wrong password and an unverified account', async () => {
      const u = await signUpVerified(h);
      await call(h, 'POST', '/api/auth/signup/', {
        body: {
          username: 'pending',
          email: 'pending@example.com',
          password: 'a long enough passphrase',
          name: 'P',
        },
      });
      const answers = await Promise.all([
        login(h, 'nobody', 'a long enough passphrase'),
        login(h, u.username, 'not the password'),
        login(h, 'pending', 'a long enough passphrase'),
      ]);
      for (const res of answers) {
        expect(res.statusCode).toBe(401);
        expect(res.json()).toEqual({
          detail: 'No active account found with the given credentials',
          code: 'no_active_account',
        });
      }
    });

    it('refuses a disabled account', async () => {
      const u = await signUpVerified(h);
      const admin = await signUpVerified(h);
      await setRole(h, admin.id, 'admin');
      await call(h, 'PATCH', `/api/admin/users/${u.id}/`, {
        token: admin.access,
        body: { is_active: false },
      });
      expect((await login(h, u.username, u.password)).statusCode).toBe(401);
    });
  });

  describe('access tokens', () => {
    it('are refused when missing, malformed, forged or expired', async () => {
      const u = await signUpVerified(h);
      const noToken = await call(h, 'GET', '/api/auth/me/');
      expect(noToken.statusCode).toBe(401);
      expect(noToken.json().code).toBe('not_authenticated');
      expect((await me(h, 'not-a-jwt')).json().code).toBe('token_not_valid');
      const [head, , sig] = u.access.split('.');
      const forgedBody = Buffer.from(
        JSON.stringify({ user_id: u.id, sid: u.id, token_type: 'access' }),
      ).toString('base64url');
      expect((await me(h, `${head}.${forgedBody}.${sig}`)).statusCode).toBe(401);
      h.clock.advance(h.ctx.config.ACCESS_TOKEN_TTL_S + 1);
      expect((await me(h, u.access)).statusCode).toBe(401);
    });
  });

  describe('POST /api/auth/token/refresh/', () => {
    it('rotates: the new pair works and the old refresh token is spent', async () => {
      const u = await signUpVerified(h);
      const first = await refresh(h, u.refresh);
      expect(first.statusCode).toBe(200);
      const pair = first.json();
      expect(pair.refresh).not.toBe(u.refresh);
      expect((await me(h, pair.access)).statusCode).toBe(200);
      const second = await refresh(h, pair.refresh);
      expect(second.statusCode).toBe(200);
    });

    it('ends the whole sign-in when a rotated token is presented again (reuse detection)', async () => {
      const u = await signUpVerified(h);
      const rotated = (await refresh(h, u.refresh)).json();
      const replay = await refresh(h, u.refresh);
      expect(replay.statusCode).toBe(401);
      expect(replay.json().code).toBe('token_not_valid');
      // Both the thief's and the owner's copies are dead now.
      expect((await refresh(h, rotated.refresh)).statusCode).toBe(401);
      expect((await me(h, rotated.access)).statusCode).toBe(401);
    });

    it('refuses an unknown or expired refresh token', async () => {
      const u = await signUpVerified(h);
      expect((await refresh(h, 'made-up')).statusCode).toBe(401);
      h.clock.advance(h.ctx.config.REFRESH_TOKEN_TTL_S + 1);
      expect((await refresh(h, u.refresh)).statusCode).toBe(401);
    });
  });

  describe('logout', () => {
    it('POST /api/auth/logout/ ends that sign-in only', async () => {
      const u = await signUpVerified(h);
      const other = (await login(h, u.username, u.password)).json();
      const res = await call(h, 'POST', '/api/auth/logout/', { body: { refresh: u.refresh } });
      expect(res.statusCode).toBe(204);
      expect((await me(h, u.access)).statusCode).toBe(401);
      expect((await refresh(h, u.refresh)).statusCode).toBe(401);
      expect((await me(h, other.access)).statusCode).toBe(200);
    });

    it('POST /api/auth/logout-all/ ends every sign-in, and needs one', async () => {
      const u = await signUpVerified(h);
      const other = (await login(h, u.username, u.password)).json();
      expect((await call(h, 'POST', '/api/auth/logout-all/')).statusCode).toBe(401);
      expect((await call(h, 'POST', '/api/auth/logout-all/', { token: u.access })).statusCode).toBe(204);
      expect((await me(h, u.access)).statusCode).toBe(401);
      expect((await me(h, other.access)).statusCode).toBe(401);
      expect((await refresh(h, other.refresh)).statusCode).toBe(401);
    });
  });
});
