import { describe, expect, it } from 'vitest';
import { createApiClient } from './api/client';
import { endpoints } from './api/endpoints';
import { createSession, SESSION_PATHS } from './session';

/** A tiny fake of the server's two halves the session touches: the cookie refresh and `/me`. */
function server(options: { refreshOk?: boolean; noCookie?: boolean } = {}) {
  const calls: string[] = [];
  let issued = 0;
  let current = 'a0';
  const fetchFn = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    calls.push(url);
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (url === SESSION_PATHS.refresh) {
      if (options.refreshOk === false) return new Response('{"detail":"no","code":"x"}', { status: 401 });
      if (options.noCookie) return new Response(null, { status: 204 });
      issued += 1;
      current = `a${issued}`;
      return Response.json({ access: current });
    }
    const auth = new Headers(init?.headers).get('authorization');
    if (auth !== `Bearer ${current}`) {
      return Response.json({ detail: 'expired', code: 'token_not_valid' }, { status: 401 });
    }
    return Response.json(ME);
  }) as typeof fetch;
  return { fetchFn, calls, issued: () => issued };
}

const ME = {
  id: '00000000-0000-4000-8000-000000000001',
  username: 'ada',
  name: 'Ada',
  profile_pic: null,
  bio: null,
  batch: null,
  department: null,
  role: 'public',
  email: 'ada@example.com',
  face_matching: true,
  photos_count: 0,
  events_count: 0,
  likes_count: 0,
  downloads_count: 0,
};

describe('session', () => {
  it('shares one refresh between many requests that all found their token expired', async () => {
    const fake = server();
    const session = createSession(fake.fetchFn);
    session.signedIn('stale');
    const api = createApiClient(session, fake.fetchFn);
    const answers = await Promise.all(Array.from({ length: 8 }, () => api.call(endpoints.auth.me)));
    expect(answers.every((me) => me.username === 'ada')).toBe(true);
    expect(fake.issued()).toBe(1);
    expect(fake.calls.filter((c) => c === SESSION_PATHS.refresh)).toHaveLength(1);
    expect(session.snapshot()).toEqual({ status: 'signed-in', access: 'a1' });
  });

  it('starts signed in from the cookie, and signed out when the cookie is refused', async () => {
    const ok = createSession(server().fetchFn);
    await ok.start();
    expect(ok.snapshot().status).toBe('signed-in');
    const refused = createSession(server({ refreshOk: false }).fetchFn);
    await refused.start();
    expect(refused.snapshot()).toEqual({ status: 'signed-out', access: null });
    const visitor = createSession(server({ noCookie: true }).fetchFn);
    await visitor.start();
    expect(visitor.snapshot()).toEqual({ status: 'signed-out', access: null });
  });

  it('ends the sign-in when a 401 cannot be cured by a refresh', async () => {
    const fake = server({ refreshOk: false });
    const session = createSession(fake.fetchFn);
    session.signedIn('stale');
    const api = createApiClient(session, fake.fetchFn);
    await expect(api.call(endpoints.auth.me)).rejects.toMatchObject({ status: 401 });
    expect(session.snapshot().status).toBe('signed-out');
  });

  it('refuses a bad body before any request, with the field named', async () => {
    const fake = server();
    const api = createApiClient(createSession(fake.fetchFn), fake.fetchFn);
    const error = await api
      .call(endpoints.auth.login, { body: { username: '', password: '' } })
      .catch((e) => e);
    expect(error.status).toBe(400);
    expect(Object.keys(error.fields)).toContain('password');
    expect(fake.calls).toHaveLength(0);
  });
});
