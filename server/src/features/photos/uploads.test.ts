import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  call,
  countRows,
  forEachEngine,
  type Harness,
  signUpVerified,
  type TestUser,
} from '../../test/harness.js';
import { type FormPart, multipartBody } from '../../test/multipart.js';
import { heifConvertAvailable } from '../media/heic.js';
import { variantKey } from './keys.js';

/**
 * Uploads at their edges, with small limits (3 files, 200 000 bytes each) and the worker running:
 * what is refused whole and what fails one entry, the formats and EXIF facts that reach `CO`, view
 * counting, and a photo that cannot be decoded. photos.test.ts covers the ordinary paths.
 */

const MAX_FILES = 3;
const MAX_FILE_BYTES = 200_000;

const execFileAsync = promisify(execFile);
/** HEIC needs heif-enc here to make one, and heif-convert on the server to read it. */
const heifEnc = spawnSync('heif-enc', ['--help']).error === undefined;
const heicReady = heifEnc && (await heifConvertAvailable());

const solid = (seed: number, width = 64, height = 48, channels: 3 | 4 = 3) =>
  sharp({
    create: {
      width,
      height,
      channels,
      background: { r: seed % 256, g: (seed * 7) % 256, b: (seed * 13) % 256, alpha: 0.5 },
    },
  });
const jpeg = (seed: number, width?: number, height?: number) => solid(seed, width, height).jpeg().toBuffer();

/** A real JPEG past MAX_FILE_BYTES: noise does not compress. */
const largeJpeg = () =>
  sharp({
    create: {
      width: 600,
      height: 600,
      channels: 3,
      background: '#000',
      noise: { type: 'gaussian', mean: 128, sigma: 60 },
    },
  })
    .jpeg({ quality: 95 })
    .toBuffer();

const createEvent = async (h: Harness, who: TestUser, body: Record<string, unknown> = {}) =>
  (
    await call(h, 'POST', '/api/events/', { token: who.access, body: { title: 'Party', ...body } })
  ).json() as {
    id: string;
  };

const send = (h: Harness, who: TestUser, url: string, payload: Buffer, headers: Record<string, string>) =>
  h.app.inject({
    method: 'POST',
    url,
    payload,
    headers: { ...headers, authorization: `Bearer ${who.access}` },
  });

function bulk(h: Harness, who: TestUser, eventId: string, parts: FormPart[]) {
  const { payload, headers } = multipartBody(parts);
  return send(h, who, `/api/events/${eventId}/photos/bulk-upload/`, payload, headers);
}

type Result = { client_id: string; photo_id: string | null; status: string; error: unknown };
const resultsOf = (res: { json(): { results: Result[] } }) => res.json().results;

/** Uploads files, waits for the worker, and returns each photo as its uploader reads it. */
async function uploadProcessed(h: Harness, who: TestUser, eventId: string, parts: FormPart[]) {
  const res = await bulk(h, who, eventId, parts);
  expect(res.statusCode, res.body).toBe(207);
  await h.ctx.queue.idle();
  return Promise.all(
    resultsOf(res).map(async (r) => {
      expect(r.status, JSON.stringify(r)).toBe('created');
      return (await call(h, 'GET', `/api/photos/${r.photo_id}/`, { token: who.access })).json();
    }),
  );
}

/** Temporary upload files left behind (there must be none once a request is answered). */
const leftovers = async (h: Harness) =>
  readdir(path.join(h.dataDir, 'tmp', 'uploads')).catch(() => [] as string[]);

const stored = async (h: Harness, key: string) => buffer(await h.ctx.storage.get(key));

const login = async (h: Harness, who: TestUser) =>
  (
    await call(h, 'POST', '/api/auth/login/', { body: { username: who.username, password: who.password } })
  ).json().access as string;

forEachEngine(
  (h) => {
    describe('limits', () => {
      it('refuses more files than allowed whole: 413 too_many_files, nothing stored or left behind', async () => {
        const ada = await signUpVerified(h);
        const event = await createEvent(h, ada);
        const parts: FormPart[] = [];
        for (let i = 0; i <= MAX_FILES; i++) {
          parts.push({ name: 'images', filename: `p${i}.jpg`, data: await jpeg(i), type: 'image/jpeg' });
        }
        const res = await bulk(h, ada, event.id, parts);
        expect(res.statusCode).toBe(413);
        expect(res.json()).toMatchObject({ code: 'too_many_files' });
        expect(res.json().detail).toContain(String(MAX_FILES));
        expect(await countRows(h, 'photos')).toBe(0);
        expect(await leftovers(h)).toEqual([]);
        // Exactly the limit is fine.
        const ok = await bulk(h, ada, event.id, parts.slice(0, MAX_FILES));
        expect(resultsOf(ok).map((r) => r.status)).toEqual(['created', 'created', 'created']);
      });

      it('fails an oversized file alone, naming the limit; the others are created', async () => {
        const ada = await signUpVerified(h);
        const event = await createEvent(h, ada);
        const big = await largeJpeg();
        expect(big.length).toBeGreaterThan(MAX_FILE_BYTES);
        const res = await bulk(h, ada, event.id, [
          { name: 'images', filename: 'a.jpg', data: await jpeg(1) },
          { name: 'images', filename: 'big.jpg', data: big },
          { name: 'images', filename: 'c.jpg', data: await jpeg(3) },
        ]);
        expect(res.statusCode).toBe(207);
        const [a, oversized, c] = resultsOf(res);
        expect(oversized).toMatchObject({ client_id: 'big.jpg', status: 'error', photo_id: null });
        // 200 000 bytes once read "larger than 0 MB".
        expect(oversized!.error).toBe('The file is larger than 195.3 KB.');
        expect([a!.status, c!.status]).toEqual(['created', 'created']);
        expect(await countRows(h, 'photos')).toBe(2);
        expect(await leftovers(h)).toEqual([]);

        // The single upload answers 413 with the same reason.
        const form = multipartBody([
          { name: 'event', value: event.id },
          { name: 'image', filename: 'big.jpg', data: big },
        ]);
        const single = await send(h, ada, '/api/photos/', form.payload, form.headers);
        expect(single.statusCode).toBe(413);
        expect(single.json().detail).toBe('The file is larger than 195.3 KB.');
        expect(await countRows(h, 'photos')).toBe(2);
      });

      it('fails an empty file, and an untouched file input (no name, no bytes), alone', async () => {
        const ada = await signUpVerified(h);
        const event = await createEvent(h, ada);
        const res = await bulk(h, ada, event.id, [
          { name: 'images', filename: 'empty.jpg', data: Buffer.alloc(0), type: 'image/jpeg' },
          { name: 'images', filename: '', data: Buffer.alloc(0) },
          { name: 'images', filename: 'good.jpg', data: await jpeg(4) },
        ]);
        expect(res.statusCode).toBe(207);
        const [empty, unnamed, good] = resultsOf(res);
        expect(empty).toMatchObject({ status: 'error', photo_id: null, error: 'The file is empty.' });
        expect(unnamed).toMatchObject({ client_id: '', status: 'error', photo_id: null });
        expect(unnamed!.error).toHaveProperty('client_id');
        expect(good!.status).toBe('created');
        expect(await countRows(h, 'photos')).toBe(1);
      });

      it('refuses a body cut short wherever it is cut: 400, no photo, nothing left behind', async () => {
        const ada = await signUpVerified(h);
        const event = await createEvent(h, ada);
        const first = await jpeg(5);
        const { payload, headers } = multipartBody([
          { name: 'images', filename: 'a.jpg', data: first },
          { name: 'images', filename: 'b.jpg', data: await jpeg(6) },
          { name: 'metadata', value: JSON.stringify([{ client_id: 'a.jpg', caption: 'hi' }]) },
        ]);
        const closing = payload.lastIndexOf('\r\n--');
        const cuts = [
          20, // inside the first boundary line
          120, // inside the first file's headers
          payload.indexOf(first) + Math.floor(first.length / 2), // inside the first file
          payload.indexOf('b.jpg') + 40, // inside the second file
          payload.indexOf('"caption"'), // inside the metadata
          closing, // everything but the closing boundary
          closing + 6, // half of the closing boundary
        ];
        for (const cut of cuts) {
          const res = await send(
            h,
            ada,
            `/api/events/${event.id}/photos/bulk-upload/`,
            payload.subarray(0, cut),
            headers,
          );
          expect(res.statusCode, `cut at ${cut} of ${payload.length}: ${res.body}`).toBe(400);
          expect(res.json()).toEqual({
            detail: 'The upload is not a well-formed multipart form.',
            code: 'malformed_upload',
          });
        }
        expect(await countRows(h, 'photos')).toBe(0);
        expect(await leftovers(h)).toEqual([]);
      });
    });

    describe('metadata', () => {
      it('must be a JSON list of objects with a client_id: else 400 for the whole upload', async () => {
        const ada = await signUpVerified(h);
        const event = await createEvent(h, ada);
        const image = await jpeg(7);
        const cases: [string, string][] = [
          ['not JSON', "[{client_id: 'a.jpg'}]"],
          ['an object', '{"client_id":"a.jpg"}'],
          ['a string', '"a.jpg"'],
          ['a number', '3'],
          ['an entry without client_id', '[{"caption":"x"}]'],
          ['an empty client_id', '[{"client_id":""}]'],
          ['a numeric client_id', '[{"client_id":7}]'],
          ['a null entry', '[null]'],
          ['a string entry', '["a.jpg"]'],
        ];
        for (const [what, metadata] of cases) {
          const res = await bulk(h, ada, event.id, [
            { name: 'images', filename: 'a.jpg', data: image },
            { name: 'metadata', value: metadata },
          ]);
          expect(res.statusCode, `${what}: ${res.body}`).toBe(400);
          expect(Object.keys(res.json()), what).toEqual(['metadata']);
          expect(res.json().metadata, what).toEqual([expect.any(String)]);
        }
        expect(await countRows(h, 'photos')).toBe(0);
        expect(await leftovers(h)).toEqual([]);
      });

      it('a timestamp PostgreSQL cannot store fails its entry alone (it was a 500 for the whole upload)', async () => {
        const ada = await signUpVerified(h);
        const event = await createEvent(h, ada);
        const res = await bulk(h, ada, event.id, [
          { name: 'images', filename: 'a.jpg', data: await jpeg(8) },
          { name: 'images', filename: 'b.jpg', data: await jpeg(9) },
          { name: 'images', filename: 'c.jpg', data: await jpeg(10) },
          {
            name: 'metadata',
            value: JSON.stringify([
              { client_id: 'a.jpg', timestamp: '0000-01-01T00:00:00Z' },
              { client_id: 'b.jpg', timestamp: '9999-12-31T23:00:00-14:00' },
            ]),
          },
        ]);
        expect(res.statusCode).toBe(207);
        const [a, b, c] = resultsOf(res);
        expect(a).toMatchObject({ status: 'error', error: { timestamp: [expect.any(String)] } });
        expect(b).toMatchObject({ status: 'error', error: { timestamp: [expect.any(String)] } });
        expect(c!.status).toBe('created');
        expect(await countRows(h, 'photos')).toBe(1);
      });
    });

    describe('formats', () => {
      it('a PNG with alpha and a WebP reach CO with their sizes; the PNG keeps its transparency', async () => {
        const ada = await signUpVerified(h);
        const event = await createEvent(h, ada);
        const png = await solid(11, 300, 200, 4).png().toBuffer();
        expect((await sharp(png).metadata()).hasAlpha).toBe(true);
        const webp = await solid(12, 250, 180).webp().toBuffer();
        const [fromPng, fromWebp] = await uploadProcessed(h, ada, event.id, [
          { name: 'images', filename: 'alpha.png', data: png, type: 'image/png' },
          { name: 'images', filename: 'photo.webp', data: webp, type: 'image/webp' },
        ]);
        expect(fromPng).toMatchObject({ status: 'CO', width: 300, height: 200, processing_error: null });
        expect(fromWebp).toMatchObject({ status: 'CO', width: 250, height: 180, processing_error: null });
        const thumb = await sharp(await stored(h, variantKey(fromPng.id, 'thumb'))).metadata();
        expect([thumb.format, thumb.width, thumb.height, thumb.hasAlpha]).toEqual(['webp', 300, 200, true]);
      });

      it.skipIf(!heicReady)(
        `a HEIC reaches CO with its size${heicReady ? '' : ' (skipped: heif-enc or heif-convert is not installed)'}`,
        async () => {
          const ada = await signUpVerified(h);
          const event = await createEvent(h, ada);
          const dir = await mkdtemp(path.join(os.tmpdir(), 'pixeli-heic-test-'));
          try {
            await writeFile(path.join(dir, 'in.jpg'), await jpeg(13, 320, 200));
            await execFileAsync('heif-enc', ['-o', path.join(dir, 'x.heic'), path.join(dir, 'in.jpg')]);
            const heic = await readFile(path.join(dir, 'x.heic'));
            const [photo] = await uploadProcessed(h, ada, event.id, [
              { name: 'images', filename: 'x.heic', data: heic, type: 'image/heic' },
            ]);
            expect(photo).toMatchObject({ status: 'CO', width: 320, height: 200, processing_error: null });
            expect(photo.original_url).toMatch(/original\.heic/);
          } finally {
            await rm(dir, { recursive: true, force: true });
          }
        },
      );
    });

    describe('EXIF', () => {
      it("takes the time from DateTimeOriginal when the uploader gave none, and keeps the uploader's", async () => {
        const ada = await signUpVerified(h);
        const event = await createEvent(h, ada);
        // libvips names the EXIF sub-IFD (where DateTimeOriginal lives) IFD2.
        const withDate = (seed: number) =>
          solid(seed)
            .jpeg()
            .withExif({ IFD0: { Make: 'Pixeli' }, IFD2: { DateTimeOriginal: '2019:07:14 18:30:00' } })
            .toBuffer();
        const [fromExif, fromUploader] = await uploadProcessed(h, ada, event.id, [
          { name: 'images', filename: 'exif.jpg', data: await withDate(14) },
          { name: 'images', filename: 'given.jpg', data: await withDate(15) },
          {
            name: 'metadata',
            value: JSON.stringify([{ client_id: 'given.jpg', timestamp: '2021-03-04T05:06:07+02:00' }]),
          },
        ]);
        expect(fromExif.timestamp).toBe('2019-07-14T18:30:00.000Z');
        expect(fromExif.meta).toMatchObject({ make: 'Pixeli', taken_at: '2019-07-14T18:30:00.000Z' });
        expect(fromUploader.timestamp).toBe('2021-03-04T03:06:07.000Z');
        expect(fromUploader.meta.taken_at).toBe('2019-07-14T18:30:00.000Z');
      });

      it('turns a photo with EXIF orientation 6 upright: width and height swap, variants too', async () => {
        const ada = await signUpVerified(h);
        const event = await createEvent(h, ada);
        const rotated = await solid(16, 640, 480).jpeg().withMetadata({ orientation: 6 }).toBuffer();
        const [photo] = await uploadProcessed(h, ada, event.id, [
          { name: 'images', filename: 'portrait.jpg', data: rotated },
        ]);
        expect(photo).toMatchObject({ status: 'CO', width: 480, height: 640 });
        expect(photo.meta.orientation).toBe(6);
        const thumb = await sharp(await stored(h, variantKey(photo.id, 'thumb'))).metadata();
        expect([thumb.width, thumb.height, thumb.orientation]).toEqual([300, 400, undefined]);
      });
    });

    describe('views', () => {
      it('count once per viewer and day, never the photographer', async () => {
        // Noon UTC, so the next day is a whole day away whenever the test runs.
        const now = h.clock.now();
        h.clock.advance(
          (Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, 12) - now.getTime()) /
            1000,
        );
        const ada = await signUpVerified(h);
        const guest = await signUpVerified(h);
        const other = await signUpVerified(h);
        const event = await createEvent(h, ada);
        const [photo] = await uploadProcessed(h, ada, event.id, [
          { name: 'images', filename: 'v.jpg', data: await jpeg(17) },
        ]);
        const url = `/api/photos/${photo.id}/`;
        const views = async (token = ada.access) => (await call(h, 'GET', url, { token })).json().views;

        const seen = await call(h, 'GET', url, { token: guest.access });
        expect(seen.json()).not.toHaveProperty('views');
        await call(h, 'GET', url, { token: guest.access });
        expect(await views()).toBe(1);
        await call(h, 'GET', url, { token: other.access });
        expect(await views()).toBe(2);
        await views();
        await views();
        expect(await views()).toBe(2);

        h.clock.advance(86_400);
        const adaNow = await login(h, ada);
        await call(h, 'GET', url, { token: await login(h, guest) });
        expect(await views(adaNow)).toBe(3);
        expect(await countRows(h, 'photo_views')).toBe(3);
      });
    });

    describe('a photo that cannot be decoded', () => {
      it('ends FA with a reason its photographer reads; nobody else sees it', async () => {
        const ada = await signUpVerified(h);
        const bob = await signUpVerified(h);
        const event = await createEvent(h, ada);
        // JPEG magic bytes, so it is accepted at upload; nothing a decoder can read after them.
        const garbage = Buffer.concat([
          Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
          Buffer.from('this is not a JPEG at all, only its first bytes are'.repeat(20)),
        ]);
        const res = await bulk(h, ada, event.id, [{ name: 'images', filename: 'bad.jpg', data: garbage }]);
        const [result] = resultsOf(res);
        expect(result!.status).toBe('created');
        await h.ctx.queue.idle();

        const mine = (await call(h, 'GET', `/api/photos/${result!.photo_id}/`, { token: ada.access })).json();
        expect(mine).toMatchObject({ status: 'FA', thumbnail_url: null, original_url: null });
        expect(mine.processing_error).toMatch(/^The image (could not be decoded|header could not be read)/);
        expect(mine.processing_error.length).toBeLessThan(400);
        expect(mine.processing_error).not.toMatch(/\n\s+at /); // no stack trace
        const ids = async (url: string, token: string) => {
          const body = (await call(h, 'GET', url, { token })).json();
          // Lists are arrays; the search is the original's page, `{count, next, previous, results}`.
          return (Array.isArray(body) ? body : body.results).map((p: { id: string }) => p.id);
        };
        expect(await ids('/api/photos/', ada.access)).toEqual([result!.photo_id]);

        expect(
          (await call(h, 'GET', `/api/photos/${result!.photo_id}/`, { token: bob.access })).statusCode,
        ).toBe(404);
        for (const url of [
          `/api/events/${event.id}/photos/`,
          '/api/photos/feed/',
          '/api/photos/search/?status=FA',
        ]) {
          expect(await ids(url, bob.access), url).toEqual([]);
        }
        const asBob = (await call(h, 'GET', `/api/events/${event.id}/`, { token: bob.access })).json();
        expect(asBob).toMatchObject({ images_count: 0, cover_photo: null });
      });
    });
  },
  { UPLOAD_MAX_FILES: String(MAX_FILES), UPLOAD_MAX_FILE_BYTES: String(MAX_FILE_BYTES) },
  { worker: true },
);
