import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from '../../test/engines.js';
import { call, signUpVerified, useHarness } from '../../test/harness.js';
import { multipartBody } from '../../test/multipart.js';
import { s3rverEnv, startS3rver } from '../../test/s3rver.js';

/**
 * The scale-out drivers together, as a club's deployment runs them: PostgreSQL, jobs on BullMQ in
 * Redis, media in an S3 bucket (s3rver on loopback). Uploads reach `CO`, URLs point at the bucket
 * and serve the bytes, deletion empties the photo's prefix.
 */
const ready = TEST_DATABASE_URL && TEST_REDIS_URL;
const suite = ready ? describe : describe.skip;
const s3 = ready ? await startS3rver('pixeli-scale-out') : undefined;
afterAll(async () => s3?.close());

suite(`PostgreSQL + BullMQ + S3${ready ? '' : ' (skipped: PIXELI_TEST_DATABASE_URL and PIXELI_TEST_REDIS_URL needed)'}`, () => {
  const h = useHarness(
    'postgres',
    {
      REDIS_URL: TEST_REDIS_URL ?? '',
      ...s3rverEnv(s3 ?? { endpoint: 'http://127.0.0.1:1', bucket: 'none' }),
    },
    { worker: true },
  );

  it('uses the scale-out drivers', () => {
    expect([h.ctx.database.engine, h.ctx.queue.kind, h.ctx.storage.kind, h.ctx.limiter.kind]).toEqual([
      'postgres',
      'bullmq',
      's3',
      'redis',
    ]);
  });

  it('uploads, processes on BullMQ, serves from the bucket, and deletes from it', async () => {
    const ada = await signUpVerified(h);
    const event = (
      await call(h, 'POST', '/api/events/', { token: ada.access, body: { title: 'Club night' } })
    ).json();
    const image = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#3a6' } })
      .jpeg()
      .toBuffer();
    const form = multipartBody([{ name: 'images', filename: 'a.jpg', data: image }]);
    const res = await h.app.inject({
      method: 'POST',
      url: `/api/events/${event.id}/photos/bulk-upload/`,
      payload: form.payload,
      headers: { ...form.headers, authorization: `Bearer ${ada.access}` },
    });
    const photoId = res.json().results[0].photo_id;
    await h.ctx.queue.idle();
    const photo = (await call(h, 'GET', `/api/photos/${photoId}/`, { token: ada.access })).json();
    expect(photo).toMatchObject({ status: 'CO', width: 1200, height: 800 });
    expect(photo.thumbnail_url.startsWith(s3!.endpoint)).toBe(true);
    const thumb = await fetch(photo.thumbnail_url);
    expect(thumb.status).toBe(200);
    const meta = await sharp(Buffer.from(await thumb.arrayBuffer())).metadata();
    expect([meta.format, Math.max(meta.width ?? 0, meta.height ?? 0)]).toEqual(['webp', 400]);
    const original = await fetch(photo.original_url);
    expect(Buffer.from(await original.arrayBuffer()).equals(image)).toBe(true);

    expect((await call(h, 'DELETE', `/api/photos/${photoId}/`, { token: ada.access })).statusCode).toBe(204);
    expect(await h.ctx.storage.exists(`photos/${photoId}/thumb.webp`)).toBe(false);
  });
});
