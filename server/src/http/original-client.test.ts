import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { publicBaseUrl } from '../config.js';
import { addPhoto, createEvent } from '../test/fixtures.js';
import {
  call,
  countRows,
  forEachEngine,
  type Harness,
  signUpVerified,
  type TestUser,
  useHarness,
} from '../test/harness.js';

/**
 * The original's Flutter client, replayed call by call as it sends them: Dio with
 * `BACKEND_URL=<host>/api`, `Content-Type: application/json` on every request (a bodiless one with
 * `Content-Length: 0`), local times without an offset, no `limit`, and its socket at
 * `/ws/notifications/?token=`. The README promises this client works; this file keeps it true.
 */

/** A request exactly as Dio sends it from that client. */
function dio(
  h: Harness,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  who?: TestUser,
  body?: object,
) {
  const payload = body === undefined ? '' : JSON.stringify(body);
  return h.app.inject({
    method,
    url,
    payload,
    headers: {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(payload)),
      accept: '*/*',
      'accept-encoding': 'gzip',
      'user-agent': 'Dart/3.5 (dart:io)',
      ...(who ? { authorization: `Bearer ${who.access}` } : {}),
    },
  });
}

/** Dio's `DateTime.toIso8601String()` of a local time: no offset (the original read it as UTC). */
const localIso = (at: Date) => at.toISOString().replace('Z', '');

forEachEngine((h) => {
  describe('bodiless calls with a JSON content type', () => {
    it('like, unlike and delete a photo (an empty body is no body)', async () => {
      const ada = await signUpVerified(h);
      const bob = await signUpVerified(h);
      const event = await createEvent(h, ada);
      const photo = await addPhoto(h, event.id, ada);

      const liked = await dio(h, 'POST', `/api/photos/${photo}/likes/`, bob);
      expect(liked.statusCode, liked.body).toBe(201);
      expect(liked.json().photo).toMatchObject({ is_liked: true, likes_count: 1 });
      const unliked = await dio(h, 'DELETE', `/api/photos/${photo}/likes/`, bob);
      expect(unliked.statusCode, unliked.body).toBe(200);
      expect(unliked.json().photo).toMatchObject({ is_liked: false, likes_count: 0 });

      // Bob may not delete Ada's photo; Ada may.
      expect((await dio(h, 'DELETE', `/api/photos/${photo}/`, bob)).statusCode).toBe(403);
      const deleted = await dio(h, 'DELETE', `/api/photos/${photo}/`, ada);
      expect(deleted.statusCode, deleted.body).toBe(204);
      expect((await dio(h, 'GET', `/api/photos/${photo}/`, ada)).statusCode).toBe(404);
    });

    it('who may not is still refused: anonymous 401, a stranger to a private photo 404, nothing changes', async () => {
      const ada = await signUpVerified(h);
      const eve = await signUpVerified(h);
      const event = await createEvent(h, ada, { read_perm: 'PRV' });
      const photo = await addPhoto(h, event.id, ada);
      const counts = async () => [await countRows(h, 'likes'), await countRows(h, 'photos')];
      const before = await counts();
      expect((await dio(h, 'POST', `/api/photos/${photo}/likes/`)).statusCode).toBe(401);
      expect((await dio(h, 'POST', `/api/photos/${photo}/likes/`, eve)).statusCode).toBe(404);
      expect((await dio(h, 'DELETE', `/api/photos/${photo}/`, eve)).statusCode).toBe(404);
      expect(await counts()).toEqual(before);
    });

    it('a route that needs a body answers an empty one with its field errors, and creates nothing', async () => {
      const ada = await signUpVerified(h);
      const events = await countRows(h, 'events');
      const res = await dio(h, 'POST', '/api/events/', ada);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({ non_field_errors: ['A JSON body is required.'] });
      // The same as a bodiless request with no content type at all.
      const bare = await call(h, 'POST', '/api/events/', { token: ada.access });
      expect(bare.json()).toEqual(res.json());
      expect(await countRows(h, 'events')).toBe(events);
      // Malformed JSON is still malformed.
      const broken = await h.app.inject({
        method: 'POST',
        url: '/api/events/',
        payload: '{',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ada.access}` },
      });
      expect(broken.json()).toMatchObject({ code: 'malformed_json' });
    });
  });

  describe('local times without an offset are UTC', () => {
    it('a share link expiring at a local time (the share sheet sends `variant`, which is ignored)', async () => {
      const ada = await signUpVerified(h);
      const eve = await signUpVerified(h);
      const event = await createEvent(h, ada, { read_perm: 'PRV' });
      const photo = await addPhoto(h, event.id, ada);
      const at = new Date(h.clock.now().getTime() + 86_400_000);
      const body = { variant: 'W', expires_at: localIso(at) };

      const made = await dio(h, 'POST', `/api/photos/${photo}/share/`, ada, body);
      expect(made.statusCode, made.body).toBe(201);
      expect(made.json()).toMatchObject({ expires_at: at.toISOString(), variant_key: 'W' });
      expect((await dio(h, 'POST', `/api/photos/${photo}/share/`, eve, body)).statusCode).toBe(404);
      expect((await dio(h, 'POST', `/api/photos/${photo}/share/`, undefined, body)).statusCode).toBe(401);
      const nonsense = await dio(h, 'POST', `/api/photos/${photo}/share/`, ada, {
        expires_at: '2026-13-01T00:00',
      });
      expect(nonsense.statusCode).toBe(400);
      expect(Object.keys(nonsense.json())).toEqual(['expires_at']);
    });

    it("a photo's timestamp", async () => {
      const ada = await signUpVerified(h);
      const event = await createEvent(h, ada);
      const photo = await addPhoto(h, event.id, ada);
      const res = await dio(h, 'PATCH', `/api/photos/${photo}/`, ada, { timestamp: '2025-06-01T10:00:00.5' });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().timestamp).toBe('2025-06-01T10:00:00.500Z');
    });
  });

  describe('GET /api/photos/search/ answers the original page, {count, next, previous, results}', () => {
    it('with the filters as the search screen sends them (local date_from/date_to, one tag)', async () => {
      const ada = await signUpVerified(h);
      const bob = await signUpVerified(h);
      const event = await createEvent(h, ada, { title: 'Spring Fest' });
      const inside = await addPhoto(h, event.id, ada, {
        userTags: ['stage'],
        timestamp: new Date('2025-03-10T23:30:00Z'),
      });
      await addPhoto(h, event.id, ada, { userTags: ['stage'], timestamp: new Date('2025-03-12T00:30:00Z') });
      await addPhoto(h, event.id, ada, { userTags: ['stage'], readPerm: 'PRV' });

      const query =
        'tags=stage&date_from=2025-03-01T00:00:00.000&date_to=2025-03-11T00:00:00.000&event_name=spring';
      const res = await dio(h, 'GET', `/api/photos/search/?${query}`, bob);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ count: 1, next: null, previous: null });
      expect(res.json().results.map((p: { id: string }) => p.id)).toEqual([inside]);
      expect((await dio(h, 'GET', `/api/photos/search/?${query}`)).statusCode).toBe(401);
    });

    it('pages beyond the first name the next by URL and count every match', async () => {
      const ada = await signUpVerified(h);
      const event = await createEvent(h, ada);
      for (let i = 0; i < 5; i++) await addPhoto(h, event.id, ada, { userTags: ['x'] });
      const first = (await dio(h, 'GET', '/api/photos/search/?tags=x&limit=2', ada)).json();
      expect(first).toMatchObject({ count: 5, previous: null });
      expect(first.next).toMatch(
        new RegExp(`^${publicBaseUrl(h.ctx.config)}/api/photos/search/\\?.*cursor=`),
      );
      const second = (await dio(h, 'GET', first.next.slice(publicBaseUrl(h.ctx.config).length), ada)).json();
      expect(second).toMatchObject({ count: 5 });
      expect(second.results).toHaveLength(2);
    });
  });

  describe('lists without `limit` (the client never pages)', () => {
    it('an event of 56 photos shows all 56, and its tagged photos too', async () => {
      const ada = await signUpVerified(h);
      const bob = await signUpVerified(h);
      const event = await createEvent(h, ada);
      for (let i = 0; i < 56; i++) await addPhoto(h, event.id, ada);
      const gallery = await dio(h, 'GET', `/api/events/${event.id}/photos/`, bob);
      expect(gallery.json()).toHaveLength(56);
      expect(gallery.headers.link).toBeUndefined();
      expect((await dio(h, 'GET', '/api/photos/', ada)).json()).toHaveLength(56);
      expect((await dio(h, 'GET', '/api/photos/search/', bob)).json()).toMatchObject({ count: 56 });
      // An explicit limit still pages, as our own clients ask.
      expect((await dio(h, 'GET', `/api/events/${event.id}/photos/?limit=10`, bob)).json()).toHaveLength(10);
      expect((await dio(h, 'GET', `/api/events/${event.id}/photos/`)).statusCode).toBe(401);
    });
  });
});

describe('lists without `limit` stop at LIST_LIMIT_DEFAULT and name the rest', () => {
  const h = useHarness('pglite', { LIST_LIMIT_DEFAULT: '3' });

  it('gallery, events, notifications and search: a bounded page, with the Link header kept', async () => {
    const ada = await signUpVerified(h);
    const bob = await signUpVerified(h);
    const event = await createEvent(h, ada);
    for (let i = 0; i < 3; i++) await createEvent(h, ada);
    const photos: string[] = [];
    for (let i = 0; i < 5; i++) photos.push(await addPhoto(h, event.id, ada));
    for (const photo of photos) await dio(h, 'POST', `/api/photos/${photo}/likes/`, bob);

    for (const url of [`/api/events/${event.id}/photos/`, '/api/events/', '/api/notifications/']) {
      const first = await dio(h, 'GET', url, ada);
      expect(first.json(), url).toHaveLength(3);
      const next = /<([^>]*)>; rel="next"/.exec(String(first.headers.link))?.[1];
      expect(next, url).toMatch(/cursor=/);
      expect(next, url).not.toMatch(/limit=/); // the next page has the same default size
      expect((await dio(h, 'GET', next!, ada)).json(), url).toHaveLength(url === '/api/events/' ? 1 : 2);
    }
    const search = (await dio(h, 'GET', '/api/photos/search/', ada)).json();
    expect(search).toMatchObject({ count: 5 });
    expect(search.results).toHaveLength(3);
  });
});

/** Collects every frame a socket receives. */
function collect(socket: WebSocket) {
  const frames: Record<string, unknown>[] = [];
  socket.on('message', (data) => frames.push(JSON.parse(String(data))));
  return frames;
}

async function until<T>(find: () => T | undefined, what: string): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((wake) => setTimeout(wake, 50));
  }
}

describe('the socket at /ws/notifications/?token= (the original path and format)', () => {
  const h = useHarness('pglite');
  let base = '';
  beforeAll(async () => {
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    const address = h.app.server.address();
    base = `ws://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => h.app.server.close());

  it('pushes each notification as a bare object; /api/ws/notifications/ keeps its typed messages', async () => {
    const ada = await signUpVerified(h);
    const bob = await signUpVerified(h);
    const event = await createEvent(h, ada);
    const photo = await addPhoto(h, event.id, ada);
    const original = new WebSocket(`${base}/ws/notifications/?token=${ada.access}`);
    const ours = new WebSocket(`${base}/api/ws/notifications/?token=${ada.access}`);
    const originalFrames = collect(original);
    const ourFrames = collect(ours);
    await Promise.all([once(original, 'open'), once(ours, 'open')]);
    await until(() => ourFrames.find((m) => m.type === 'unread_count'), 'the badge count on our socket');

    await dio(h, 'POST', `/api/photos/${photo}/likes/`, bob);
    const bare = await until(() => originalFrames[0], 'a notification on the original socket');
    const notification = await until(
      () => ourFrames.find((m) => m.type === 'notification')?.notification as Record<string, unknown>,
      'a notification on our socket',
    );
    expect(bare).toEqual({
      id: notification.id,
      verb: 'LIKED',
      actor: { id: bob.id, username: bob.username },
      target_id: photo,
      target_type: 'PHOTO',
      data: notification.data,
      timestamp: notification.updated_at,
      read: false,
    });
    await until(() => ourFrames.find((m) => m.type === 'unread_count' && m.unread_count === 1), 'badge 1');
    // Only notifications reach the original's socket: no badge counts, no typed messages.
    expect(originalFrames).toHaveLength(1);
    original.close();
    ours.close();
  });

  it('refuses a missing or bad token at the handshake (401)', async () => {
    for (const url of [`${base}/ws/notifications/`, `${base}/ws/notifications/?token=not.a.token`]) {
      const socket = new WebSocket(url);
      socket.on('error', () => {});
      const [, response] = (await once(socket, 'unexpected-response')) as [unknown, { statusCode: number }];
      socket.terminate();
      expect(response.statusCode).toBe(401);
    }
  });
});
