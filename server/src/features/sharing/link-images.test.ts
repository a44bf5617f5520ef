import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { TEST_REDIS_URL } from '../../test/engines.js';
import { addPhoto, createEvent } from '../../test/fixtures.js';
import { call, type Harness, signUpVerified, type TestUser, useHarness } from '../../test/harness.js';
import { useS3Harness } from '../../test/s3rver.js';

/**
 * The image URL a share link hands out names the link, and the media route refuses it (410) the
 * moment the link is revoked, expires or dies by its creator's rights (issue 10, item 3).
 */

const BROWSER = { accept: 'text/html' };
const pathOf = (url: string) => {
  const { pathname, search } = new URL(url);
  return pathname + search;
};

/** A shared photo whose watermarked copy and original really are stored. */
async function sharedPhoto(h: Harness, body: object = {}, expiresInS = 7 * 86_400) {
  const ada = await signUpVerified(h);
  const event = await createEvent(h, ada);
  const photo = await addPhoto(h, event.id, ada, { sharePerm: 'AN' });
  const bytes = randomBytes(2048);
  await h.ctx.storage.put(`photos/${photo}/watermarked.jpg`, bytes, 'image/jpeg');
  await h.ctx.storage.put(`photos/${photo}/original.jpg`, bytes, 'image/jpeg');
  const created = await call(h, 'POST', `/api/photos/${photo}/share/`, {
    token: ada.access,
    body: { expires_at: new Date(h.clock.now().getTime() + expiresInS * 1000).toISOString(), ...body },
  });
  expect(created.statusCode, created.body).toBe(201);
  const link = created.json() as { id: string; token: string };
  const opened = await call(h, 'GET', `/api/photos/share/${link.token}/`);
  expect(opened.statusCode).toBe(200);
  return { ada, photo, bytes, link, imageUrl: pathOf(opened.json().url as string) };
}

const fetchImage = (h: Harness, url: string, headers: Record<string, string> = {}) =>
  h.app.inject({ method: 'GET', url, headers });

async function expectRefused(h: Harness, url: string) {
  const res = await fetchImage(h, url);
  expect(res.statusCode).toBe(410);
  expect(res.json().code).toBe('share_link_gone');
}

const revoke = (h: Harness, who: TestUser, id: string) =>
  call(h, 'DELETE', `/api/photos/shares/${id}/`, { token: who.access });

function diskSuite(h: Harness) {
  it('stop at the very moment the link is revoked, page and download URLs alike', async () => {
    const s = await sharedPhoto(h);
    const page = (await call(h, 'GET', `/s/${s.link.token}`, { headers: BROWSER })).body;
    const download = /<a class="button" href="([^"]+)"/.exec(page)?.[1]?.replaceAll('&amp;', '&');
    const served = await fetchImage(h, s.imageUrl);
    expect(served.statusCode).toBe(200);
    expect(served.rawPayload.equals(s.bytes)).toBe(true);
    // Every reuse is revalidated, so it passes the check again.
    expect(served.headers['cache-control']).toBe('private, no-cache');
    expect((await fetchImage(h, s.imageUrl, { range: 'bytes=0-99' })).statusCode).toBe(206);
    expect((await fetchImage(h, pathOf(download!))).statusCode).toBe(200);

    expect((await revoke(h, s.ada, s.link.id)).statusCode).toBe(204);
    await expectRefused(h, s.imageUrl);
    await expectRefused(h, pathOf(download!));
    const etag = String(served.headers.etag);
    expect((await fetchImage(h, s.imageUrl, { 'if-none-match': etag })).statusCode).toBe(410);
  });

  it('stop when the link expires, though the URL itself would live on', async () => {
    const s = await sharedPhoto(h, {}, 20);
    expect((await fetchImage(h, s.imageUrl)).statusCode).toBe(200);
    h.clock.advance(25);
    await expectRefused(h, s.imageUrl);
  });

  it('stop within SHARE_LINK_RECHECK_S when the creator loses the right to share', async () => {
    const s = await sharedPhoto(h);
    expect((await fetchImage(h, s.imageUrl)).statusCode).toBe(200);
    const patched = await call(h, 'PATCH', `/api/photos/${s.photo}/`, {
      token: s.ada.access,
      body: { share_perm: 'DI' },
    });
    expect(patched.statusCode).toBe(200);
    // The photographer is staff, so DI stops even their link (only admins share DI photos).
    h.clock.advance(h.ctx.config.SHARE_LINK_RECHECK_S + 1);
    await expectRefused(h, s.imageUrl);
  });

  it('are answered from memory, and learn of a revocation made elsewhere from the bus', async () => {
    const s = await sharedPhoto(h);
    expect((await fetchImage(h, s.imageUrl)).statusCode).toBe(200);
    // Another node revokes: the row changes, and the news comes over the bus.
    await h.ctx.database.db.execute(sql`update photo_shares set revoked_at = now() where id = ${s.link.id}`);
    // Without the message, this process still trusts its recent answer: no query per request.
    expect((await fetchImage(h, s.imageUrl)).statusCode).toBe(200);
    await h.ctx.bus.publish('share-links', { revoked: s.link.id });
    // The bus delivers on a later tick (or a Redis round trip), well before the recheck interval.
    for (let i = 0; i < 50 && (await fetchImage(h, s.imageUrl)).statusCode === 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await expectRefused(h, s.imageUrl);
  });

  it('cannot be unbound from their link or moved to another one', async () => {
    const s = await sharedPhoto(h);
    const other = await sharedPhoto(h);
    const url = new URL(s.imageUrl, 'http://x');
    const unbound = new URL(url);
    unbound.searchParams.delete('link');
    expect((await fetchImage(h, unbound.pathname + unbound.search)).statusCode).toBe(403);
    const moved = new URL(url);
    moved.searchParams.set('link', other.link.id);
    expect((await fetchImage(h, moved.pathname + moved.search)).statusCode).toBe(403);
    const junk = new URL(url);
    junk.searchParams.set('link', 'not-a-link');
    expect((await fetchImage(h, junk.pathname + junk.search)).statusCode).toBe(403);
  });
}

describe('a share link’s image URLs (disk storage)', () => diskSuite(useHarness('pglite')));
const withRedis = TEST_REDIS_URL ? describe : describe.skip;
withRedis('a share link’s image URLs (disk storage, Redis bus)', () =>
  diskSuite(useHarness('pglite', { REDIS_URL: TEST_REDIS_URL ?? '' })),
);

describe('a share link’s image URLs (S3 storage)', () => {
  const h = useS3Harness('pixeli-share-images');

  it('go through this server, which checks the link and streams the object, and stop on revocation', async () => {
    expect(h.ctx.storage.kind).toBe('s3');
    const s = await sharedPhoto(h, { variant_key: 'O' });
    expect(s.imageUrl).toMatch(/^\/media\/photos\/.+\/original\.jpg\?/);
    const served = await fetchImage(h, s.imageUrl);
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/jpeg');
    expect(served.rawPayload.equals(s.bytes)).toBe(true);
    const bare = await call(h, 'GET', `/s/${s.link.token}`);
    expect(pathOf(String(bare.headers.location))).toBe(s.imageUrl);

    expect((await revoke(h, s.ada, s.link.id)).statusCode).toBe(204);
    await expectRefused(h, s.imageUrl);
  });
});
