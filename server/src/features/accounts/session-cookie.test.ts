import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import {
  call,
  codeFromOutbox,
  databaseFingerprint,
  forEachEngine,
  type Harness,
  signUpVerified,
  type TestUser,
  useHarness,
} from '../../test/harness.js';

/** The harness's own origin: requests are injected with `Host: localhost:80` over plain HTTP. */
const OWN_ORIGIN = 'http://localhost';
const WEB_APP = 'https://app.example';
const COOKIE_MODE = { 'x-pixeli-session': 'cookie' };

const signIn = (h: Harness, u: TestUser, headers: Record<string, string> = COOKIE_MODE) =>
  call(h, 'POST', '/api/auth/login/', { body: { username: u.username, password: u.password }, headers });

/** A POST to a session route as a page of `origin` would make it, sending `cookie` if given. */
function sessionCall(
  h: Harness,
  route: 'refresh' | 'logout',
  cookie: string | undefined,
  headers: Record<string, string> = { origin: OWN_ORIGIN },
) {
  const withCookie = cookie === undefined ? headers : { ...headers, cookie: `pixeli_refresh=${cookie}` };
  return call(h, 'POST', `/api/auth/session/${route}/`, { headers: withCookie });
}

const refreshCookieOf = (res: LightMyRequestResponse) => res.cookies.find((c) => c.name === 'pixeli_refresh');

/** Signs in as the web app does; returns the access token and the cookie's value. */
async function webSignIn(h: Harness, u: TestUser) {
  const res = await signIn(h, u);
  const cookie = refreshCookieOf(res)?.value;
  if (res.statusCode !== 200 || !cookie) throw new Error(`web sign-in failed: ${res.body}`);
  return { access: res.json().access as string, cookie };
}

const me = (h: Harness, access: string) => call(h, 'GET', '/api/auth/me/', { token: access });

function expectCleared(res: LightMyRequestResponse) {
  expect(refreshCookieOf(res)).toMatchObject({ value: '', path: '/api/auth/session/', maxAge: 0 });
}

forEachEngine(
  (h) => {
    describe('signing in with X-Pixeli-Session: cookie', () => {
      it('login puts the refresh token in an HttpOnly, SameSite=Strict cookie scoped to the session routes, not in the JSON', async () => {
        const u = await signUpVerified(h);
        const res = await signIn(h, u);
        expect(res.statusCode).toBe(200);
        expect(Object.keys(res.json())).toEqual(['access']);
        expect(refreshCookieOf(res)).toEqual({
          name: 'pixeli_refresh',
          value: expect.stringMatching(/^[\w-]{43}$/),
          path: '/api/auth/session/',
          maxAge: h.ctx.config.REFRESH_TOKEN_TTL_S,
          httpOnly: true,
          sameSite: 'Strict',
        });
        expect(res.headers['cache-control']).toBe('no-store');
        expect((await me(h, res.json().access)).json().id).toBe(u.id);
      });

      it('verify-email does the same, keeping its detail', async () => {
        const email = 'web@example.com';
        await call(h, 'POST', '/api/auth/signup/', {
          body: { username: 'web', email, password: 'a long enough passphrase', name: 'Web' },
        });
        const otp = await codeFromOutbox(h, email);
        const res = await call(h, 'POST', '/api/auth/verify-email/', {
          body: { email, otp },
          headers: COOKIE_MODE,
        });
        expect(res.statusCode).toBe(200);
        expect(res.json()).toEqual({ access: expect.any(String), detail: 'Email Verified successfully' });
        expect(refreshCookieOf(res)?.httpOnly).toBe(true);
      });

      it('without the header, login answers the pair and sets no cookie, as before', async () => {
        const u = await signUpVerified(h);
        const res = await signIn(h, u, {});
        expect(res.statusCode).toBe(200);
        expect(Object.keys(res.json()).sort()).toEqual(['access', 'refresh']);
        expect(res.headers['set-cookie']).toBeUndefined();
      });

      it('refuses any other session mode with a 400 before signing in', async () => {
        const u = await signUpVerified(h);
        const before = await databaseFingerprint(h);
        const res = await signIn(h, u, { 'x-pixeli-session': 'token' });
        expect(res.statusCode).toBe(400);
        expect(res.json()).toHaveProperty('x-pixeli-session');
        expect(res.headers['set-cookie']).toBeUndefined();
        expect(await databaseFingerprint(h)).toBe(before);
      });
    });

    describe('POST /api/auth/session/refresh/', () => {
      it('rotates the cookie and answers only a new access token', async () => {
        const u = await signUpVerified(h);
        const first = await webSignIn(h, u);
        const res = await sessionCall(h, 'refresh', first.cookie);
        expect(res.statusCode).toBe(200);
        expect(Object.keys(res.json())).toEqual(['access']);
        const next = refreshCookieOf(res);
        expect(next).toMatchObject({ path: '/api/auth/session/', httpOnly: true, sameSite: 'Strict' });
        expect(next?.value).not.toBe(first.cookie);
        expect((await me(h, res.json().access)).json().id).toBe(u.id);
        // The new value works in turn.
        expect((await sessionCall(h, 'refresh', next?.value)).statusCode).toBe(200);
      });

      it('refuses a value already used and ends that sign-in (reuse detection)', async () => {
        const u = await signUpVerified(h);
        const { cookie } = await webSignIn(h, u);
        const rotated = await sessionCall(h, 'refresh', cookie);
        const replay = await sessionCall(h, 'refresh', cookie);
        expect(replay.statusCode).toBe(401);
        expect(replay.json().code).toBe('session_cookie_invalid');
        expectCleared(replay);
        // The owner's rotated cookie and its access token died with the sign-in.
        expect((await sessionCall(h, 'refresh', refreshCookieOf(rotated)?.value)).statusCode).toBe(401);
        expect((await me(h, rotated.json().access)).statusCode).toBe(401);
      });

      it('answers 204 without a cookie (a signed-out visit), 401 and deletes a garbage or expired one', async () => {
        const u = await signUpVerified(h);
        const { cookie } = await webSignIn(h, u);

        const missing = await sessionCall(h, 'refresh', undefined);
        expect(missing.statusCode).toBe(204);
        expect(missing.body).toBe('');
        expect(missing.headers['set-cookie']).toBeUndefined();

        const garbage = await sessionCall(h, 'refresh', 'not-a-token');
        expect(garbage.statusCode).toBe(401);
        expect(garbage.json().code).toBe('session_cookie_invalid');
        expectCleared(garbage);

        h.clock.advance(h.ctx.config.REFRESH_TOKEN_TTL_S + 1);
        const expired = await sessionCall(h, 'refresh', cookie);
        expect(expired.statusCode).toBe(401);
        expect(expired.json().code).toBe('session_cookie_invalid');
        expectCleared(expired);
      });

      it('refuses a missing or foreign Origin with 403, changing nothing; the cookie works after', async () => {
        const u = await signUpVerified(h);
        const { cookie } = await webSignIn(h, u);
        const before = await databaseFingerprint(h);
        const foreign: Record<string, string>[] = [
          {},
          { origin: 'https://evil.example' },
          { origin: 'null' },
          { origin: 'http://localhost:8080' },
          // A cross-site HTML form's POST, which needs no preflight.
          { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
        ];
        for (const headers of foreign) {
          const res = await sessionCall(h, 'refresh', cookie, headers);
          expect(res.statusCode, JSON.stringify(headers)).toBe(403);
          expect(res.json().code).toBe('origin_refused');
          expect(res.headers['set-cookie']).toBeUndefined();
        }
        expect(await databaseFingerprint(h)).toBe(before);
        const fromWebApp = await sessionCall(h, 'refresh', cookie, { origin: WEB_APP });
        expect(fromWebApp.statusCode).toBe(200);
      });
    });

    describe('POST /api/auth/session/logout/', () => {
      it('ends the cookie’s sign-in only, and deletes the cookie', async () => {
        const u = await signUpVerified(h);
        const web = await webSignIn(h, u);
        const res = await sessionCall(h, 'logout', web.cookie);
        expect(res.statusCode).toBe(204);
        expectCleared(res);
        expect((await me(h, web.access)).statusCode).toBe(401);
        expect((await sessionCall(h, 'refresh', web.cookie)).json().code).toBe('session_cookie_invalid');
        expect((await me(h, u.access)).statusCode).toBe(200);
      });

      it('ends the sign-in of a bearer access token', async () => {
        const u = await signUpVerified(h);
        const web = await webSignIn(h, u);
        const res = await sessionCall(h, 'logout', undefined, {
          origin: OWN_ORIGIN,
          authorization: `Bearer ${web.access}`,
        });
        expect(res.statusCode).toBe(204);
        expect((await me(h, web.access)).statusCode).toBe(401);
        expect((await sessionCall(h, 'refresh', web.cookie)).statusCode).toBe(401);
      });

      it('answers 204 with nothing to end (no cookie, unknown cookie, dead token)', async () => {
        const u = await signUpVerified(h);
        expect((await sessionCall(h, 'logout', undefined)).statusCode).toBe(204);
        expect((await sessionCall(h, 'logout', 'unknown')).statusCode).toBe(204);
        const dead = await sessionCall(h, 'logout', undefined, {
          origin: OWN_ORIGIN,
          authorization: 'Bearer x.y.z',
        });
        expect(dead.statusCode).toBe(204);
        expect((await me(h, u.access)).statusCode).toBe(200);
      });

      it('refuses a foreign Origin with 403 and leaves the sign-in live', async () => {
        const u = await signUpVerified(h);
        const web = await webSignIn(h, u);
        const res = await sessionCall(h, 'logout', web.cookie, {
          origin: 'https://evil.example',
          authorization: `Bearer ${web.access}`,
        });
        expect(res.statusCode).toBe(403);
        expect(res.json().code).toBe('origin_refused');
        expect(res.headers['set-cookie']).toBeUndefined();
        expect((await me(h, web.access)).statusCode).toBe(200);
        expect((await sessionCall(h, 'refresh', web.cookie)).statusCode).toBe(200);
      });
    });
  },
  { CORS_ORIGINS: WEB_APP },
);

describe('session cookie behind HTTPS (PUBLIC_URL https)', () => {
  const h = useHarness('pglite', { PUBLIC_URL: 'https://photos.example/' });

  it('is Secure, and only PUBLIC_URL’s origin may use it', async () => {
    const u = await signUpVerified(h);
    const res = await signIn(h, u);
    expect(refreshCookieOf(res)?.secure).toBe(true);
    const cookie = refreshCookieOf(res)?.value;
    // The request's own Host no longer counts: PUBLIC_URL names the site.
    expect((await sessionCall(h, 'refresh', cookie, { origin: OWN_ORIGIN })).statusCode).toBe(403);
    const ok = await sessionCall(h, 'refresh', cookie, { origin: 'https://photos.example' });
    expect(ok.statusCode).toBe(200);
    expect(refreshCookieOf(ok)?.secure).toBe(true);
  });
});

describe('session cookie behind a TLS-terminating proxy (TRUST_PROXY)', () => {
  const h = useHarness('pglite', { TRUST_PROXY: 'true' });
  const proxied = { host: 'photos.example', 'x-forwarded-proto': 'https' };

  it('is Secure when the proxy says the browser came over HTTPS, and not otherwise', async () => {
    const u = await signUpVerified(h);
    expect(refreshCookieOf(await signIn(h, u, { ...COOKIE_MODE, ...proxied }))?.secure).toBe(true);
    expect(refreshCookieOf(await signIn(h, u))?.secure).toBeUndefined();
  });

  it('takes the scheme and Host the proxy passes on as the own origin', async () => {
    const u = await signUpVerified(h);
    const { cookie } = await webSignIn(h, u);
    const ok = await sessionCall(h, 'refresh', cookie, { ...proxied, origin: 'https://photos.example' });
    expect(ok.statusCode).toBe(200);
    const plain = await sessionCall(h, 'refresh', refreshCookieOf(ok)?.value, {
      ...proxied,
      origin: 'http://photos.example',
    });
    expect(plain.statusCode).toBe(403);
  });
});
