import { describe, expect, it } from 'vitest';
import { TEST_REDIS_URL } from '../test/engines.js';
import { call, forEachEngine, useHarness } from '../test/harness.js';

const JSON_HEADERS = { 'content-type': 'application/json' };

forEachEngine((h) => {
  describe('requests a client can get wrong', () => {
    it('malformed JSON is a 400 with a code', async () => {
      const res = await call(h, 'POST', '/api/auth/login/', { body: '{"username": ', headers: JSON_HEADERS });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({ detail: 'Malformed JSON body.', code: 'malformed_json' });
    });

    it('a body that is not JSON is a 415', async () => {
      const res = await call(h, 'POST', '/api/auth/login/', {
        body: 'username=a&password=b',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(res.statusCode).toBe(415);
      expect(res.json().code).toBe('unsupported_media_type');
      const text = await call(h, 'POST', '/api/auth/login/', {
        body: 'hi',
        headers: { 'content-type': 'text/plain' },
      });
      expect(text.statusCode).toBe(415);
    });

    it('an oversized body is a 413', async () => {
      const big = JSON.stringify({ username: 'x'.repeat(h.ctx.config.BODY_LIMIT_BYTES), password: 'y' });
      const res = await call(h, 'POST', '/api/auth/login/', { body: big, headers: JSON_HEADERS });
      expect(res.statusCode).toBe(413);
      expect(res.json().code).toBe('body_too_large');
    });

    it('an unknown route is a JSON 404', async () => {
      const res = await call(h, 'GET', '/api/no/such/thing/');
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ code: 'not_found' });
    });

    it('paths work with and without the trailing slash', async () => {
      expect((await call(h, 'GET', '/api/health')).statusCode).toBe(200);
      expect((await call(h, 'GET', '/api/health/')).statusCode).toBe(200);
    });
  });

  describe('hygiene', () => {
    it('sends security headers and a request id', async () => {
      const res = await call(h, 'GET', '/api/health/');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBeDefined();
      expect(res.headers['content-security-policy']).toContain("default-src 'none'");
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('allows no cross-origin caller unless CORS_ORIGINS lists it', async () => {
      const res = await call(h, 'GET', '/api/health/', { headers: { origin: 'https://evil.example' } });
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('GET /api/health/ reports the database and that Redis is not in use', async () => {
      const res = await call(h, 'GET', '/api/health/');
      expect(res.json()).toEqual({ status: 'ok', db: 'ok', redis: 'disabled', version: expect.any(String) });
    });
  });

  describe('the OpenAPI document', () => {
    it('lists every route with its request and response schemas', async () => {
      const doc = (await call(h, 'GET', '/api/docs/json')).json();
      const expected: [string, string][] = [
        ['/api/auth/signup/', 'post'],
        ['/api/auth/verify-email/', 'post'],
        ['/api/auth/resend-email-otp/', 'post'],
        ['/api/auth/login/', 'post'],
        ['/api/auth/token/refresh/', 'post'],
        ['/api/auth/logout/', 'post'],
        ['/api/auth/logout-all/', 'post'],
        ['/api/auth/session/refresh/', 'post'],
        ['/api/auth/session/logout/', 'post'],
        ['/api/auth/me/', 'get'],
        ['/api/auth/me/', 'put'],
        ['/api/auth/me/', 'patch'],
        ['/api/auth/me/avatar/', 'post'],
        ['/api/auth/me/avatar/', 'delete'],
        ['/api/auth/search/', 'get'],
        ['/api/users/{username}/', 'get'],
        ['/api/auth/password/change/', 'post'],
        ['/api/auth/password/reset/', 'post'],
        ['/api/auth/password/reset/confirm/', 'post'],
        ['/api/admin/users/', 'get'],
        ['/api/admin/users/{id}/', 'patch'],
        ['/api/health/', 'get'],
        ['/api/events/', 'get'],
        ['/api/events/', 'post'],
        ['/api/events/{id}/', 'get'],
        ['/api/events/{id}/', 'put'],
        ['/api/events/{id}/', 'patch'],
        ['/api/events/{id}/', 'delete'],
        ['/api/events/{id}/members/', 'get'],
        ['/api/events/{id}/members/', 'post'],
        ['/api/events/{id}/members/{user_id}/', 'patch'],
        ['/api/events/{id}/members/{user_id}/', 'delete'],
        ['/api/events/{id}/invites/', 'post'],
        ['/api/events/{id}/invites/', 'get'],
        ['/api/events/{id}/invites/{invite_id}/', 'delete'],
        ['/api/invites/{token}/', 'get'],
        ['/api/invites/{token}/accept/', 'post'],
        ['/api/events/{id}/photos/', 'get'],
        ['/api/events/{id}/photos/bulk-upload/', 'post'],
        ['/api/photos/', 'get'],
        ['/api/photos/', 'post'],
        ['/api/photos/feed/', 'get'],
        ['/api/photos/photos-tagged-in/', 'get'],
        ['/api/photos/search/', 'get'],
        ['/api/photos/{id}/', 'get'],
        ['/api/photos/{id}/', 'patch'],
        ['/api/photos/{id}/', 'put'],
        ['/api/photos/{id}/', 'delete'],
        ['/api/photos/{id}/download/', 'get'],
        ['/api/photos/{id}/likes/', 'get'],
        ['/api/photos/{id}/likes/', 'post'],
        ['/api/photos/{id}/likes/', 'delete'],
        ['/api/photos/{id}/share/', 'post'],
        ['/api/photos/shares/', 'get'],
        ['/api/photos/{id}/shares/', 'get'],
        ['/api/photos/shares/{id}/', 'delete'],
        ['/api/photos/share/{token}/', 'get'],
        ['/api/photos/share/{token}/', 'delete'],
        ['/api/notifications/', 'get'],
        ['/api/notifications/unread-count/', 'get'],
        ['/api/notifications/read-all/', 'post'],
        ['/api/notifications/{id}/', 'patch'],
        ['/api/notifications/{id}/', 'put'],
        ['/api/notifications/{id}/', 'delete'],
        ['/api/photos/{id}/tags/', 'post'],
        ['/api/photos/{id}/tags/{user_id}/', 'delete'],
        ['/api/photos/{id}/comments/', 'get'],
        ['/api/photos/{id}/comments/', 'post'],
        ['/api/comments/{id}/children/', 'get'],
        ['/api/photos/{id}/comments/{comment_id}/', 'patch'],
        ['/api/photos/{id}/comments/{comment_id}/', 'delete'],
        ['/api/search/', 'get'],
        ['/api/events/{id}/people/', 'get'],
        ['/api/events/{id}/people/{pid}/link/', 'post'],
        ['/api/events/{id}/people/{pid}/link/', 'delete'],
        ['/api/events/{id}/find-me/', 'post'],
      ];
      // Routes that take no JSON body: multipart uploads and bodiless actions.
      const bodiless = new Set([
        '/api/notifications/read-all/',
        '/api/photos/{id}/likes/',
        '/api/auth/logout-all/',
        '/api/auth/session/refresh/',
        '/api/auth/session/logout/',
        '/api/invites/{token}/accept/',
        '/api/photos/',
        '/api/events/{id}/photos/bulk-upload/',
        '/api/auth/me/avatar/',
        '/api/events/{id}/find-me/',
      ]);
      for (const [path, method] of expected) {
        const op = doc.paths[path]?.[method];
        expect(op, `${method.toUpperCase()} ${path}`).toBeDefined();
        expect(op.responses, `${method.toUpperCase()} ${path}`).toBeDefined();
        if (method === 'post' && !bodiless.has(path)) expect(op.requestBody, path).toBeDefined();
      }
      const documented = Object.values(doc.paths as Record<string, object>).reduce(
        (n, ops) => n + Object.keys(ops).length,
        0,
      );
      expect(documented).toBe(expected.length);
    });

    it('serves the docs page', async () => {
      const res = await call(h, 'GET', '/api/docs/');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
    });
  });
});

describe('CORS with CORS_ORIGINS set', () => {
  const h = useHarness('pglite', { CORS_ORIGINS: 'https://app.example, https://m.example' });
  it('answers a listed origin and exposes the paging and retry headers', async () => {
    const res = await call(h, 'OPTIONS', '/api/auth/login/', {
      headers: { origin: 'https://m.example', 'access-control-request-method': 'POST' },
    });
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('https://m.example');
    // Its fetches may carry the web app's session cookie (credentials: 'include').
    expect(res.headers['access-control-allow-credentials']).toBe('true');
    const get = await call(h, 'GET', '/api/health/', { headers: { origin: 'https://app.example' } });
    expect(get.headers['access-control-expose-headers']).toContain('link');
  });
  it('ignores other origins', async () => {
    const res = await call(h, 'GET', '/api/health/', { headers: { origin: 'https://evil.example' } });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});

const onRedis = TEST_REDIS_URL ? describe : describe.skip;
onRedis(`health with Redis${TEST_REDIS_URL ? '' : ' (skipped: PIXELI_TEST_REDIS_URL not set)'}`, () => {
  const h = useHarness('pglite', { REDIS_URL: TEST_REDIS_URL ?? '' });
  it('reports Redis as ok', async () => {
    expect((await call(h, 'GET', '/api/health/')).json()).toMatchObject({ status: 'ok', redis: 'ok' });
  });
});
