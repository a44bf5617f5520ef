import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { publicBaseUrl } from '../../config.js';
import { addPhoto } from '../../test/fixtures.js';
import {
  call,
  countRows,
  forEachEngine,
  type Harness,
  setRole,
  signUpVerified,
  type TestUser,
} from '../../test/harness.js';
import { type FormPart, multipartBody } from '../../test/multipart.js';

const jpeg = (seed: number, width = 640, height = 480) =>
  sharp({ create: { width, height, channels: 3, background: { r: seed % 256, g: (seed * 7) % 256, b: 90 } } })
    .jpeg()
    .toBuffer();

const createEvent = async (h: Harness, who: TestUser, body: Record<string, unknown> = {}) =>
  (await call(h, 'POST', '/api/events/', { token: who.access, body: { title: 'Party', ...body } })).json();

async function bulk(h: Harness, who: TestUser, eventId: string, parts: FormPart[]) {
  const { payload, headers } = multipartBody(parts);
  return h.app.inject({
    method: 'POST',
    url: `/api/events/${eventId}/photos/bulk-upload/`,
    payload,
    headers: { ...headers, authorization: `Bearer ${who.access}` },
  });
}

/** Uploads one generated photo and waits until the worker has processed it. */
async function uploadProcessed(h: Harness, who: TestUser, eventId: string, seed: number, meta: object = {}) {
  const res = await bulk(h, who, eventId, [
    { name: 'images', filename: `p${seed}.jpg`, data: await jpeg(seed), type: 'image/jpeg' },
    { name: 'metadata', value: JSON.stringify([{ client_id: `p${seed}.jpg`, ...meta }]) },
  ]);
  expect(res.statusCode, res.body).toBe(207);
  const photoId = res.json().results[0].photo_id as string;
  await h.ctx.queue.idle();
  return photoId;
}

const ids = (res: { json(): { id: string }[] }) => res.json().map((p) => p.id);
/** The ids on a page of `/api/photos/search/`, the original's `{count, next, previous, results}`. */
const searchIds = (res: { json(): { results: { id: string }[] } }) => res.json().results.map((p) => p.id);

forEachEngine(
  (h) => {
    describe('bulk upload', () => {
      it('creates pending photos at once, visible to their photographer, then processes them', async () => {
        const ada = await signUpVerified(h);
        const event = await createEvent(h, ada);
        const res = await bulk(h, ada, event.id, [
          { name: 'images', filename: 'a.jpg', data: await jpeg(1) },
          { name: 'images', filename: 'b.jpg', data: await jpeg(2) },
          {
            name: 'metadata',
            value: JSON.stringify([{ client_id: 'a.jpg', user_tags: ['stage'], caption: 'hi' }]),
          },
        ]);
        expect(res.statusCode).toBe(207);
        const results = res.json().results;
        expect(results.map((r: { status: string }) => r.status)).toEqual(['created', 'created']);
        const first = await call(h, 'GET', `/api/photos/${results[0].photo_id}/`, { token: ada.access });
        expect(['PE', 'PR', 'CO']).toContain(first.json().status);
        await h.ctx.queue.idle();
        const done = (
          await call(h, 'GET', `/api/photos/${results[0].photo_id}/`, { token: ada.access })
        ).json();
        expect(done).toMatchObject({
          status: 'CO',
          width: 640,
          height: 480,
          user_tags: ['stage'],
          caption: 'hi',
        });
        expect(done.thumbnail_url).toMatch(/^http/);
        expect(done.watermarked_url).toMatch(/^http/);
        expect(done.thumbhash).toEqual(expect.any(String));
      });

      it('answers duplicate for the same bytes in the same event, with the existing id', async () => {
        const ada = await signUpVerified(h);
        const event = await createEvent(h, ada);
        const data = await jpeg(3);
        const first = (await bulk(h, ada, event.id, [{ name: 'images', filename: 'x.jpg', data }])).json();
        const again = (await bulk(h, ada, event.id, [{ name: 'images', filename: 'y.jpg', data }])).json();
        expect(again.results[0]).toMatchObject({ status: 'duplicate', photo_id: first.results[0].photo_id });
        expect(await countRows(h, 'photos')).toBe(1);
      });

      it('fails only the bad entries: a text file, unknown tagged people, bad metadata fields', async () => {
        const ada = await signUpVerified(h);
        const event = await createEvent(h, ada);
        const res = await bulk(h, ada, event.id, [
          { name: 'images', filename: 'notes.jpg', data: Buffer.from('this is not a photo at all') },
          { name: 'images', filename: 'tagged.jpg', data: await jpeg(4) },
          { name: 'images', filename: 'badperm.jpg', data: await jpeg(5) },
          { name: 'images', filename: 'good.jpg', data: await jpeg(6) },
          {
            name: 'metadata',
            value: JSON.stringify([
              { client_id: 'tagged.jpg', tagged_usernames: ['ghost-person'] },
              { client_id: 'badperm.jpg', read_perm: 'SECRET' },
            ]),
          },
        ]);
        const [notes, tagged, badperm, good] = res.json().results;
        expect(notes).toMatchObject({ status: 'error', photo_id: null });
        expect(notes.error).toContain('not a JPEG');
        expect(tagged.error).toEqual({ tagged_usernames: ['Unknown usernames: ghost-person'] });
        expect(badperm.error).toHaveProperty('read_perm');
        expect(good.status).toBe('created');
        expect(await countRows(h, 'photos')).toBe(1);
      });

      it('ignores an event named in the metadata: the URL is the only target (original hole 3)', async () => {
        const ada = await signUpVerified(h);
        const mallory = await signUpVerified(h);
        const open = await createEvent(h, mallory, { title: 'open' });
        const closed = await createEvent(h, ada, { title: 'closed', read_perm: 'PRV', write_perm: 'PRV' });
        const res = await bulk(h, mallory, open.id, [
          { name: 'images', filename: 'm.jpg', data: await jpeg(7) },
          { name: 'metadata', value: JSON.stringify([{ client_id: 'm.jpg', event: closed.id }]) },
        ]);
        const photo = (
          await call(h, 'GET', `/api/photos/${res.json().results[0].photo_id}/`, { token: mallory.access })
        ).json();
        expect(photo.event).toBe(open.id);
      });

      it('refuses strangers on a PRV event (404) and viewers where only contributors write (403)', async () => {
        const ada = await signUpVerified(h);
        const stranger = await signUpVerified(h);
        const viewer = await signUpVerified(h);
        const event = await createEvent(h, ada, { read_perm: 'PRV', write_perm: 'PRV' });
        await call(h, 'POST', `/api/events/${event.id}/members/`, {
          token: ada.access,
          body: { username: viewer.username },
        });
        const parts = [{ name: 'images', filename: 's.jpg', data: await jpeg(8) }];
        expect((await bulk(h, stranger, event.id, parts)).statusCode).toBe(404);
        expect((await bulk(h, viewer, event.id, parts)).statusCode).toBe(403);
        expect(await countRows(h, 'photos')).toBe(0);
      });

      it('refuses a request that is not multipart, and one with no images', async () => {
        const ada = await signUpVerified(h);
        const event = await createEvent(h, ada);
        const json = await call(h, 'POST', `/api/events/${event.id}/photos/bulk-upload/`, {
          token: ada.access,
          body: {},
        });
        expect(json.statusCode).toBe(415);
        const empty = await bulk(h, ada, event.id, [{ name: 'metadata', value: '[]' }]);
        expect(empty.statusCode).toBe(400);
      });
    });

    describe('single upload POST /api/photos/', () => {
      it('checks write access to the event (original hole 2)', async () => {
        const ada = await signUpVerified(h);
        const mallory = await signUpVerified(h);
        const event = await createEvent(h, ada, { read_perm: 'PUB', write_perm: 'PRV' });
        const form = multipartBody([
          { name: 'event', value: event.id },
          { name: 'image', filename: 'a.jpg', data: await jpeg(9) },
        ]);
        const denied = await h.app.inject({
          method: 'POST',
          url: '/api/photos/',
          payload: form.payload,
          headers: { ...form.headers, authorization: `Bearer ${mallory.access}` },
        });
        expect(denied.statusCode).toBe(403);
        const ok = await h.app.inject({
          method: 'POST',
          url: '/api/photos/',
          payload: form.payload,
          headers: { ...form.headers, authorization: `Bearer ${ada.access}` },
        });
        expect(ok.statusCode).toBe(201);
        expect(ok.json()).toMatchObject({ event: event.id, photographer: { id: ada.id } });
      });
    });

    describe('who sees what', () => {
      it('an anonymous caller or a stranger cannot list a private event (original hole 4)', async () => {
        const ada = await signUpVerified(h);
        const stranger = await signUpVerified(h);
        const event = await createEvent(h, ada, { read_perm: 'PRV' });
        await uploadProcessed(h, ada, event.id, 10);
        expect((await call(h, 'GET', `/api/events/${event.id}/photos/`)).statusCode).toBe(401);
        expect(
          (await call(h, 'GET', `/api/events/${event.id}/photos/`, { token: stranger.access })).statusCode,
        ).toBe(404);
        expect(ids(await call(h, 'GET', '/api/photos/feed/', { token: stranger.access }))).toEqual([]);
      });

      it('a PRV photo in a PUB event is hidden from others, in lists and by id (original hole 5)', async () => {
        const ada = await signUpVerified(h);
        const other = await signUpVerified(h);
        const event = await createEvent(h, ada);
        const open = await uploadProcessed(h, ada, event.id, 11);
        const hidden = await uploadProcessed(h, ada, event.id, 12, { read_perm: 'PRV' });
        expect(ids(await call(h, 'GET', `/api/events/${event.id}/photos/`, { token: other.access }))).toEqual(
          [open],
        );
        expect((await call(h, 'GET', `/api/photos/${hidden}/`, { token: other.access })).statusCode).toBe(
          404,
        );
        expect(
          ids(await call(h, 'GET', `/api/events/${event.id}/photos/`, { token: ada.access })).sort(),
        ).toEqual([open, hidden].sort());
      });

      it('people tagged in a photo see it and find it under photos-tagged-in', async () => {
        const ada = await signUpVerified(h);
        const friend = await signUpVerified(h);
        const event = await createEvent(h, ada, { read_perm: 'PRV' });
        const photo = await uploadProcessed(h, ada, event.id, 13, { tagged_usernames: [friend.username] });
        const seen = await call(h, 'GET', `/api/photos/${photo}/`, { token: friend.access });
        expect(seen.statusCode).toBe(200);
        expect(seen.json().tagged_users.map((u: { id: string }) => u.id)).toEqual([friend.id]);
        expect(ids(await call(h, 'GET', '/api/photos/photos-tagged-in/', { token: friend.access }))).toEqual([
          photo,
        ]);
      });

      it('originals go only to whom the event allows; GPS only to the photographer', async () => {
        const ada = await signUpVerified(h);
        const guest = await signUpVerified(h);
        const event = await createEvent(h, ada);
        const photo = await uploadProcessed(h, ada, event.id, 14);
        const asGuest = (await call(h, 'GET', `/api/photos/${photo}/`, { token: guest.access })).json();
        expect(asGuest).toMatchObject({ original_url: null, preview_url: null });
        expect(asGuest.watermarked_url).toMatch(/^http/);
        expect(asGuest).not.toHaveProperty('downloads');
        const asAda = (await call(h, 'GET', `/api/photos/${photo}/`, { token: ada.access })).json();
        expect(asAda.original_url).toMatch(/^http/);
        expect(asAda).toHaveProperty('downloads', 0);
        await call(h, 'PATCH', `/api/events/${event.id}/`, {
          token: ada.access,
          body: { original_access: 'readers' },
        });
        expect(
          (await call(h, 'GET', `/api/photos/${photo}/`, { token: guest.access })).json().original_url,
        ).toMatch(/^http/);
      });
    });

    describe('changing, deleting, downloading', () => {
      it('moving a photo needs write access to the destination (original hole 11)', async () => {
        const ada = await signUpVerified(h);
        const other = await signUpVerified(h);
        const mine = await createEvent(h, ada);
        const theirs = await createEvent(h, other, { write_perm: 'PRV' });
        const photo = await uploadProcessed(h, ada, mine.id, 15);
        const moved = await call(h, 'PATCH', `/api/photos/${photo}/`, {
          token: ada.access,
          body: { event: theirs.id },
        });
        expect(moved.statusCode).toBe(403);
        const edited = await call(h, 'PATCH', `/api/photos/${photo}/`, {
          token: ada.access,
          body: { caption: 'sunset', user_tags: ['sky', 'sky', 'sea'] },
        });
        expect(edited.json()).toMatchObject({ caption: 'sunset', user_tags: ['sky', 'sea'] });
        const byOther = await call(h, 'PATCH', `/api/photos/${photo}/`, {
          token: other.access,
          body: { caption: 'x' },
        });
        expect(byOther.statusCode).toBe(403);
      });

      it('the coordinator may delete a guest photo; the row and its files go', async () => {
        const ada = await signUpVerified(h);
        const guest = await signUpVerified(h);
        const event = await createEvent(h, ada);
        const photo = await uploadProcessed(h, guest, event.id, 16);
        expect(await h.ctx.storage.exists(`photos/${photo}/thumb.webp`)).toBe(true);
        const stranger = await signUpVerified(h);
        expect(
          (await call(h, 'DELETE', `/api/photos/${photo}/`, { token: stranger.access })).statusCode,
        ).toBe(403);
        expect((await call(h, 'DELETE', `/api/photos/${photo}/`, { token: ada.access })).statusCode).toBe(
          204,
        );
        expect(await h.ctx.storage.exists(`photos/${photo}/thumb.webp`)).toBe(false);
        expect(await h.ctx.storage.exists(`photos/${photo}/original.jpg`)).toBe(false);
      });

      it('download redirects to a signed URL, counts, and respects originals and allow_download', async () => {
        const ada = await signUpVerified(h);
        const guest = await signUpVerified(h);
        const event = await createEvent(h, ada);
        const photo = await uploadProcessed(h, ada, event.id, 17);
        const wm = await call(h, 'GET', `/api/photos/${photo}/download/`, { token: guest.access });
        expect(wm.statusCode).toBe(302);
        expect(wm.headers.location).toMatch(/^http/);
        const orig = await call(h, 'GET', `/api/photos/${photo}/download/?variant=original`, {
          token: guest.access,
        });
        expect(orig.statusCode).toBe(403);
        await call(h, 'PATCH', `/api/events/${event.id}/`, {
          token: ada.access,
          body: { allow_download: false },
        });
        expect(
          (await call(h, 'GET', `/api/photos/${photo}/download/`, { token: guest.access })).statusCode,
        ).toBe(403);
        expect((await call(h, 'GET', `/api/photos/${photo}/`, { token: ada.access })).json().downloads).toBe(
          1,
        );
      });
    });

    describe('GET /api/photos/search/', () => {
      it('filters by tags (any or all), event name, photographer and status, over visible photos only', async () => {
        const ada = await signUpVerified(h);
        const bob = await signUpVerified(h);
        await setRole(h, bob.id, 'public');
        const fest = await createEvent(h, ada, { title: 'Spring Fest' });
        const a = await uploadProcessed(h, ada, fest.id, 18, { user_tags: ['stage', 'night'] });
        const b = await uploadProcessed(h, ada, fest.id, 19, { user_tags: ['stage'] });
        await uploadProcessed(h, ada, fest.id, 20, { user_tags: ['stage'], read_perm: 'PRV' });
        const q = (s: string) => call(h, 'GET', `/api/photos/search/?${s}`, { token: bob.access });
        expect(searchIds(await q('tags=stage')).sort()).toEqual([a, b].sort());
        expect(searchIds(await q('tags=stage&tags=night&tags_mode=all'))).toEqual([a]);
        expect(searchIds(await q('event_name=spring')).sort()).toEqual([a, b].sort());
        expect(searchIds(await q(`photographer_id=${ada.id}&status=CO`)).sort()).toEqual([a, b].sort());
        expect((await q('date_from=2030-01-02&date_to=2030-01-01')).statusCode).toBe(400);
        expect((await q('status=XX')).statusCode).toBe(400);
        expect((await q('read_perm=PRV')).json()).toEqual({
          count: 0,
          next: null,
          previous: null,
          results: [],
        });
      });

      it('pages through photos of a few or of many events named alike, newest first', async () => {
        const ada = await signUpVerified(h);
        const bob = await signUpVerified(h);
        // One name shared by 2 events, another by 45: searched event by event, and on the timeline.
        const word = `regatta${Date.now().toString(36)}`;
        const expected = { few: [] as string[], many: [] as string[] };
        let minute = 0;
        for (const [kind, count] of [
          ['few', 2],
          ['many', 45],
        ] as const) {
          for (let e = 0; e < count; e++) {
            const event = await createEvent(h, ada, { title: `${kind} ${word} ${e}` });
            for (let p = 0; p < 2; p++) {
              minute += 1;
              const timestamp = new Date(Date.UTC(2024, 0, 1, 0, minute));
              expected[kind].unshift(await addPhoto(h, event.id, ada, { timestamp }));
            }
            await addPhoto(h, event.id, ada, { readPerm: 'PRV' });
          }
        }
        const pages = async (name: string, count: number) => {
          const found: string[] = [];
          let url: string | undefined = `/api/photos/search/?event_name=${name}&limit=7`;
          while (url) {
            const res = await call(h, 'GET', url, { token: bob.access });
            expect(res.statusCode).toBe(200);
            const page = res.json();
            // Every page counts the whole search; `next` (the original's field) and `Link` agree.
            expect(page.count).toBe(count);
            expect(page.previous).toBeNull();
            const linked = /<([^>]*)>; rel="next"/.exec(String(res.headers.link ?? ''))?.[1];
            expect(page.next).toBe(linked ? `${publicBaseUrl(h.ctx.config)}${linked}` : null);
            found.push(...page.results.map((p: { id: string }) => p.id));
            url = linked;
          }
          return found;
        };
        expect(await pages(`few%20${word}`, 4)).toEqual(expected.few);
        expect(await pages(`many%20${word}`, 90)).toEqual(expected.many);
        expect(await pages(`nothing${word}`, 0)).toEqual([]);
        // By the photographer's name, alone (one by one) and with an event name (the fewer first).
        const byName = async (extra: string) =>
          searchIds(
            await call(h, 'GET', `/api/photos/search/?photographer_name=${ada.username}${extra}&limit=200`, {
              token: bob.access,
            }),
          );
        expect(await byName('')).toEqual([...expected.many, ...expected.few]);
        expect(await byName(`&event_name=few%20${word}`)).toEqual(expected.few);
        expect(await byName(`&event_name=many%20${word}`)).toEqual(expected.many);
      });
    });
  },
  {},
  { worker: true },
);
