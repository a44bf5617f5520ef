import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_REDIS_URL } from '../../test/engines.js';
import { addPhoto, createEvent } from '../../test/fixtures.js';
import {
  call,
  countRows,
  type Harness,
  signUpVerified,
  type TestUser,
  useHarness,
} from '../../test/harness.js';
import { type FormPart, multipartBody } from '../../test/multipart.js';

/**
 * Write limits per account: with small limits, the write past each one is a 429 with Retry-After
 * that changes nothing, and another account writes on.
 */

const SMALL_LIMITS = {
  RATE_COMMENTS_PER_HOUR: '3',
  RATE_LIKES_PER_HOUR: '3',
  RATE_TAGS_PER_HOUR: '3',
  RATE_SHARES_PER_HOUR: '2',
  RATE_INVITES_PER_HOUR: '2',
  RATE_UPLOAD_FILES_PER_HOUR: '3',
};

type Reply = Awaited<ReturnType<typeof call>>;

function expectThrottled(res: Reply, what: string) {
  expect(res.statusCode, res.body).toBe(429);
  expect(res.json()).toMatchObject({ code: 'throttled' });
  expect(res.json().detail).toContain(what);
  expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
}

/** Two people, each with their own event and photo. */
async function twoPeople(h: Harness) {
  const [ada, bob] = [await signUpVerified(h), await signUpVerified(h)];
  const adaEvent = await createEvent(h, ada);
  const bobEvent = await createEvent(h, bob);
  return {
    ada,
    bob,
    adaEvent,
    bobEvent,
    adaPhoto: await addPhoto(h, adaEvent.id, ada),
    bobPhoto: await addPhoto(h, bobEvent.id, bob),
  };
}

const comment = (h: Harness, who: TestUser, photo: string, body: object = {}) =>
  call(h, 'POST', `/api/photos/${photo}/comments/`, { token: who.access, body: { content: 'hi', ...body } });

function commentsAreLimited(h: Harness) {
  it('comments and replies: the one past the limit is refused, changes nothing, and others comment on', async () => {
    const { ada, bob, adaPhoto } = await twoPeople(h);
    const top = await comment(h, ada, adaPhoto);
    expect(top.statusCode).toBe(201);
    expect((await comment(h, ada, adaPhoto)).statusCode).toBe(201);
    expect((await comment(h, ada, adaPhoto, { parent_comment: top.json().id })).statusCode).toBe(201);
    const notifications = await countRows(h, 'notifications');
    expectThrottled(await comment(h, ada, adaPhoto, { parent_comment: top.json().id }), 'comments');
    expectThrottled(await comment(h, ada, adaPhoto), 'comments');
    expect(await countRows(h, 'comments')).toBe(3);
    expect(await countRows(h, 'notifications')).toBe(notifications);
    expect((await comment(h, bob, adaPhoto)).statusCode).toBe(201);
  });
}

describe('write limits on PGlite', () => {
  // The worker runs so that uploaded photos are processed and the next test starts idle.
  const h = useHarness('pglite', SMALL_LIMITS, { worker: true });

  commentsAreLimited(h);

  it('like and unlike toggles', async () => {
    const { ada, bob, adaPhoto } = await twoPeople(h);
    const likes = `/api/photos/${adaPhoto}/likes/`;
    expect((await call(h, 'POST', likes, { token: ada.access })).statusCode).toBe(201);
    expect((await call(h, 'DELETE', likes, { token: ada.access })).statusCode).toBe(200);
    expect((await call(h, 'POST', likes, { token: ada.access })).statusCode).toBe(201);
    expectThrottled(await call(h, 'DELETE', likes, { token: ada.access }), 'likes');
    expect(await countRows(h, 'likes')).toBe(1);
    expect((await call(h, 'POST', likes, { token: bob.access })).statusCode).toBe(201);
  });

  it('people tags count each person tagged, and removals', async () => {
    const { ada, bob, adaPhoto, bobPhoto } = await twoPeople(h);
    const [carl, dora] = [await signUpVerified(h), await signUpVerified(h)];
    const tag = (who: TestUser, photo: string, people: TestUser[]) =>
      call(h, 'POST', `/api/photos/${photo}/tags/`, {
        token: who.access,
        body: { tagged_usernames: people.map((p) => p.username) },
      });
    expect((await tag(ada, adaPhoto, [carl, dora])).statusCode).toBe(200);
    expect(
      (await call(h, 'DELETE', `/api/photos/${adaPhoto}/tags/${dora.id}/`, { token: ada.access })).statusCode,
    ).toBe(204);
    expectThrottled(await tag(ada, adaPhoto, [dora]), 'people tags');
    expect(await countRows(h, 'photo_tags')).toBe(1);
    expect((await tag(bob, bobPhoto, [carl, dora])).statusCode).toBe(200);
  });

  it('share links', async () => {
    const { ada, bob, adaPhoto, bobPhoto } = await twoPeople(h);
    const share = (who: TestUser, photo: string) =>
      call(h, 'POST', `/api/photos/${photo}/share/`, {
        token: who.access,
        body: { expires_at: new Date(Date.now() + 86_400_000).toISOString() },
      });
    expect((await share(ada, adaPhoto)).statusCode).toBe(201);
    expect((await share(ada, adaPhoto)).statusCode).toBe(201);
    expectThrottled(await share(ada, adaPhoto), 'share links');
    expect(await countRows(h, 'photo_shares')).toBe(2);
    expect((await share(bob, bobPhoto)).statusCode).toBe(201);
  });

  it('invite links and members added by name', async () => {
    const { ada, bob, adaEvent, bobEvent } = await twoPeople(h);
    const [carl, dora] = [await signUpVerified(h), await signUpVerified(h)];
    const invite = (who: TestUser, eventId: string) =>
      call(h, 'POST', `/api/events/${eventId}/invites/`, { token: who.access, body: {} });
    const add = (who: TestUser, eventId: string, person: TestUser) =>
      call(h, 'POST', `/api/events/${eventId}/members/`, {
        token: who.access,
        body: { username: person.username },
      });
    expect((await invite(ada, adaEvent.id)).statusCode).toBe(201);
    expect((await add(ada, adaEvent.id, carl)).statusCode).toBe(201);
    expectThrottled(await invite(ada, adaEvent.id), 'invitations');
    expectThrottled(await add(ada, adaEvent.id, dora), 'invitations');
    expect(await countRows(h, 'event_invites')).toBe(1);
    expect(await countRows(h, 'event_members')).toBe(1);
    expect((await invite(bob, bobEvent.id)).statusCode).toBe(201);
    expect((await add(bob, bobEvent.id, dora)).statusCode).toBe(201);
  });

  describe('uploads', () => {
    const jpeg = (seed: number) =>
      sharp({
        create: {
          width: 64,
          height: 48,
          channels: 3,
          background: { r: (seed * 41) % 256, g: (seed * 7) % 256, b: (seed * 13) % 256 },
        },
      })
        .jpeg()
        .toBuffer();
    const files = async (...seeds: number[]): Promise<FormPart[]> =>
      Promise.all(
        seeds.map(async (s) => ({
          name: 'images',
          filename: `f${s}.jpg`,
          data: await jpeg(s),
          type: 'image/jpeg',
        })),
      );
    const bulk = (who: TestUser, eventId: string, parts: FormPart[]) => {
      const { payload, headers } = multipartBody(parts);
      return h.app.inject({
        method: 'POST',
        url: `/api/events/${eventId}/photos/bulk-upload/`,
        payload,
        headers: { ...headers, authorization: `Bearer ${who.access}` },
      });
    };
    const results = (res: Reply) =>
      (res.json().results as { status: string; error: unknown }[]).map((r) => r.status);
    let savedBytesLimit = 0;
    beforeEach(() => {
      savedBytesLimit = h.ctx.config.RATE_UPLOAD_BYTES_PER_DAY;
    });
    afterEach(() => {
      h.ctx.config.RATE_UPLOAD_BYTES_PER_DAY = savedBytesLimit;
    });

    it('files per hour: files past the limit fail their own entry; a request whose first file is over it is refused', async () => {
      const { ada, bob, adaEvent, bobEvent } = await twoPeople(h);
      const photos = await countRows(h, 'photos');
      const first = await bulk(ada, adaEvent.id, await files(1, 2, 3, 4));
      expect(first.statusCode).toBe(207);
      expect(results(first)).toEqual(['created', 'created', 'created', 'error']);
      expect(first.json().results[3].error).toContain('uploaded photos this hour');
      expectThrottled(await bulk(ada, adaEvent.id, await files(5)), 'uploaded photos this hour');
      const single = multipartBody([
        { name: 'event', value: adaEvent.id },
        { name: 'image', filename: 'one.jpg', data: await jpeg(6), type: 'image/jpeg' },
      ]);
      const one = await h.app.inject({
        method: 'POST',
        url: '/api/photos/',
        payload: single.payload,
        headers: { ...single.headers, authorization: `Bearer ${ada.access}` },
      });
      expectThrottled(one, 'uploaded photos this hour');
      expect(await countRows(h, 'photos')).toBe(photos + 3);
      expect(results(await bulk(bob, bobEvent.id, await files(7)))).toEqual(['created']);
    });

    it('bytes per day: a file that would pass the day budget fails, the others that fit go through', async () => {
      const { ada, bob, adaEvent, bobEvent } = await twoPeople(h);
      const [small, big] = (await files(10, 11)) as { name: string; filename: string; data: Buffer }[];
      h.ctx.config.RATE_UPLOAD_BYTES_PER_DAY = small!.data.length + 10;
      const photos = await countRows(h, 'photos');
      const first = await bulk(ada, adaEvent.id, [small!, big!]);
      expect(results(first)).toEqual(['created', 'error']);
      expect(first.json().results[1].error).toContain('upload size today');
      const again = await bulk(ada, adaEvent.id, [big!]);
      expectThrottled(again, 'upload size today');
      expect(Number(again.headers['retry-after'])).toBeGreaterThan(3600);
      expect(await countRows(h, 'photos')).toBe(photos + 1);
      expect(results(await bulk(bob, bobEvent.id, [small!]))).toEqual(['created']);
    });
  });
});

(TEST_REDIS_URL ? describe : describe.skip)('write limits on Redis', () => {
  const h = useHarness('pglite', { ...SMALL_LIMITS, REDIS_URL: TEST_REDIS_URL ?? '' });
  commentsAreLimited(h);
});
