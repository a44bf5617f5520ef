import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from '../../test/engines.js';
import { adminQuery, withDatabase } from '../../test/global-setup.js';
import { multipartBody } from '../../test/multipart.js';
import {
  api,
  cleanUpProcesses,
  codeFromOutbox,
  type Running,
  requireBuiltCli,
  run,
  type Server,
  serve,
  tempDir,
  waitForOutput,
} from '../../test/processes.js';

/**
 * A crash loses no work. The built `pixeli` runs as real child processes; a process is SIGKILLed
 * (no shutdown hook runs) while it is in the middle of processing a photo, and once a process is
 * started again every uploaded photo still reaches `CO`. The photo row is the truth: a photo left
 * in `PE`/`PR` is queued again on start, and on BullMQ a job whose worker died is re-delivered once
 * its lock lapses (JOB_STALL_TIMEOUT_S; queueing it again by id does nothing while BullMQ still
 * holds it as active).
 *
 * "Mid-job" is made certain rather than hoped for: the photos are large noise JPEGs that take about
 * a second each to process here, one at a time (PROCESSING_CONCURRENCY=1), and the process is
 * killed as soon as any photo is seen in `PR`. If every photo finished before one was seen in `PR`,
 * the test fails and says so instead of passing without having tested anything.
 */

const PASSWORD = 'a long enough passphrase';
const PHOTO_COUNT = 3;
/** Noise barely compresses (~20 MB per photo) and decodes slowly: about 1 s of work per photo. */
const WIDTH = 6000;
const HEIGHT = 4000;
const POLL_MS = 50;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `count` different JPEGs of random noise. Encoding noise takes seconds, so it is encoded
 * once and each copy gets its own comment segment: different bytes (uploads are deduplicated by
 * checksum), the same pixels.
 */
async function noisePhotos(count: number): Promise<Buffer[]> {
  const pixels = randomBytes(WIDTH * HEIGHT * 3);
  const jpeg = await sharp(pixels, { raw: { width: WIDTH, height: HEIGHT, channels: 3 } })
    .jpeg({ quality: 90 })
    .toBuffer();
  return Array.from({ length: count }, (_, i) => {
    const text = Buffer.from(`pixeli durability test photo ${i} ${randomBytes(8).toString('hex')}`);
    const length = Buffer.alloc(2);
    length.writeUInt16BE(text.length + 2);
    // SOI, then a COM (0xFFFE) segment, then the rest of the file unchanged.
    return Buffer.concat([jpeg.subarray(0, 2), Buffer.from([0xff, 0xfe]), length, text, jpeg.subarray(2)]);
  });
}

let photos: Promise<Buffer[]> | undefined;
const testPhotos = () => {
  photos ??= noisePhotos(PHOTO_COUNT);
  return photos;
};

/** Signs a person up and verifies her (code from the outbox), creates an event, bulk-uploads the photos. */
async function uploadPhotos(server: Server, dataDir: string): Promise<{ token: string; ids: string[] }> {
  const ada = { username: 'ada', email: 'ada@example.com', password: PASSWORD, name: 'Ada' };
  expect((await api(server, 'POST', '/api/auth/signup/', { body: ada })).status).toBe(201);
  const otp = await codeFromOutbox(dataDir, ada.email);
  const verify = await api(server, 'POST', '/api/auth/verify-email/', { body: { email: ada.email, otp } });
  expect(verify.status).toBe(200);
  const token = (verify.json as { access: string }).access;
  const event = await api(server, 'POST', '/api/events/', { token, body: { title: 'Crash party' } });
  expect(event.status).toBe(201);

  const images = await testPhotos();
  const form = multipartBody(
    images.map((data, i) => ({ name: 'images', filename: `big${i}.jpg`, data, type: 'image/jpeg' })),
  );
  const res = await fetch(`${server.url}/api/events/${event.json.id}/photos/bulk-upload/`, {
    method: 'POST',
    headers: { ...form.headers, authorization: `Bearer ${token}` },
    body: form.payload,
  });
  const body = (await res.json()) as { results: { status: string; photo_id: string }[] };
  expect(res.status, JSON.stringify(body)).toBe(207);
  expect(body.results.map((r) => r.status)).toEqual(images.map(() => 'created'));
  return { token, ids: body.results.map((r) => r.photo_id) };
}

interface PhotoView {
  id: string;
  status: 'PE' | 'PR' | 'CO' | 'FA';
  processing_error: string | null;
  thumbnail_url: string | null;
  width: number | null;
  height: number | null;
}

async function fetchPhotos(server: Server, token: string, ids: string[]): Promise<PhotoView[]> {
  return Promise.all(
    ids.map(async (id) => {
      const res = await api(server, 'GET', `/api/photos/${id}/`, { token });
      if (res.status !== 200) throw new Error(`GET /api/photos/${id}/ answered ${res.status}`);
      return res.json as PhotoView;
    }),
  );
}

const statuses = (views: PhotoView[]) => views.map((p) => p.status).join(' ');

/**
 * Polls the photos every ~50 ms and SIGKILLs `victim` the moment one of them is `PR`. Returns the
 * statuses seen just before the kill. Fails, saying why, if every photo completes first.
 */
async function killWhileProcessing(server: Server, token: string, ids: string[], victim: Running) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const views = await fetchPhotos(server, token, ids);
    if (views.some((p) => p.status === 'PR')) {
      victim.child.kill('SIGKILL');
      expect((await victim.exited).signal).toBe('SIGKILL');
      return views;
    }
    if (views.every((p) => p.status === 'CO')) {
      throw new Error(
        'every photo was processed before one was seen in PR, so nothing was killed mid-job; ' +
          'make the test photos larger or more numerous',
      );
    }
    if (views.some((p) => p.status === 'FA')) throw new Error(`a photo failed: ${JSON.stringify(views)}`);
    if (Date.now() > deadline) throw new Error(`no photo reached PR in time: ${statuses(views)}`);
    await sleep(POLL_MS);
  }
}

/** Waits until every photo is `CO` (a deadline, not a timed assertion); fails early on `FA`. */
async function waitUntilComplete(server: Server, token: string, ids: string[], deadlineMs = 90_000) {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const views = await fetchPhotos(server, token, ids);
    if (views.every((p) => p.status === 'CO')) return views;
    if (views.some((p) => p.status === 'FA')) throw new Error(`a photo failed: ${JSON.stringify(views)}`);
    if (Date.now() > deadline) throw new Error(`photos not processed in time: ${statuses(views)}`);
    await sleep(250);
  }
}

/** Done for real: size read from the original, and a thumbnail that is served (a 400 px WebP). */
async function expectProcessed(views: PhotoView[]) {
  for (const photo of views) {
    expect(photo).toMatchObject({ status: 'CO', processing_error: null, width: WIDTH, height: HEIGHT });
    expect(photo.thumbnail_url).toMatch(/^http/);
    const thumb = await fetch(photo.thumbnail_url!);
    expect(thumb.status).toBe(200);
    const meta = await sharp(Buffer.from(await thumb.arrayBuffer())).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['webp', 400, 267]);
  }
}

/** The `count` of the last "queued unfinished photos again" line in a process's JSON log, or 0. */
function requeuedCount(proc: Running): number {
  let count = 0;
  for (const line of proc.stdout().split('\n')) {
    if (!line.includes('queued unfinished photos again')) continue;
    count = (JSON.parse(line) as { count: number }).count;
  }
  return count;
}

beforeAll(requireBuiltCli);
afterEach(cleanUpProcesses);

describe('a crash loses no work: embedded (one pixeli serve on PGlite)', () => {
  it('SIGKILLs the server mid-job; after a restart on the same data folder every photo completes', async () => {
    const dataDir = await tempDir('pixeli-dur-');
    const env = {
      JWT_SECRET: randomBytes(32).toString('hex'),
      PROCESSING_CONCURRENCY: '1',
    };
    const first = await serve(dataDir, { env });
    const { token, ids } = await uploadPhotos(first, dataDir);
    const seen = await killWhileProcessing(first, token, ids, first);
    // The memory queue died with the process: only the rows remember the work.
    const unfinished = seen.filter((p) => p.status !== 'CO').length;
    expect(unfinished).toBeGreaterThan(0);

    const second = await serve(dataDir, { env });
    // The same secret and database: the token from before the crash still works.
    const done = await waitUntilComplete(second, token, ids);
    await expectProcessed(done);
    // It was the startup requeue that found the work: every photo unfinished at the kill.
    expect(requeuedCount(second)).toBeGreaterThanOrEqual(unfinished);
    expect(await second.stop()).toBe(0);
  }, 120_000);
});

const scaleOut = TEST_DATABASE_URL && TEST_REDIS_URL ? describe : describe.skip;

scaleOut(
  `a crash loses no work: scale-out (PostgreSQL, BullMQ)${TEST_DATABASE_URL && TEST_REDIS_URL ? '' : ' (skipped: PIXELI_TEST_DATABASE_URL and PIXELI_TEST_REDIS_URL not set)'}`,
  () => {
    const dbName = `pixeli_dur_${randomBytes(6).toString('hex')}`;
    const redisPrefix = `pixeli-dur-${randomBytes(4).toString('hex')}:`;
    let created = false;

    beforeAll(async () => {
      await adminQuery(`CREATE DATABASE ${dbName}`);
      created = true;
    });

    afterAll(async () => {
      await cleanUpProcesses();
      if (created) await adminQuery(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      const redis = new Redis(TEST_REDIS_URL ?? '', { maxRetriesPerRequest: 1 });
      try {
        const keys = await redis.keys(`${redisPrefix}*`);
        if (keys.length > 0) await redis.del(...keys);
      } finally {
        redis.disconnect();
      }
    });

    it('SIGKILLs a pixeli worker mid-job; a new worker finishes every photo', async () => {
      const dataDir = await tempDir('pixeli-dur-');
      const env = {
        DATABASE_URL: withDatabase(TEST_DATABASE_URL ?? '', dbName),
        REDIS_URL: TEST_REDIS_URL ?? '',
        REDIS_PREFIX: redisPrefix,
        DATA_DIR: dataDir,
        JWT_SECRET: randomBytes(32).toString('hex'),
        LOG_LEVEL: 'info',
        PROCESSING_CONCURRENCY: '1',
        // The dead worker's job is re-delivered once its lock lapses and a live worker's stalled-job
        // check sees that: about twice this. The default (30 s) would take a minute.
        JOB_STALL_TIMEOUT_S: '5',
      };
      const startWorker = async () => {
        const worker = run(['worker'], dataDir, env);
        await waitForOutput(worker, 'Pixel-i worker is processing photos');
        return worker;
      };

      const apiNode = await serve(dataDir, { args: ['serve', '--no-worker'], env });
      const first = await startWorker();
      const { token, ids } = await uploadPhotos(apiNode, dataDir);
      const seen = await killWhileProcessing(apiNode, token, ids, first);
      const victim = seen.find((p) => p.status === 'PR')!;

      // The API node is alive and nothing else processes photos: the photo the dead worker was on
      // stays PR, so work really was interrupted.
      const after = await fetchPhotos(apiNode, token, ids);
      expect(after.find((p) => p.id === victim.id)?.status).toBe('PR');
      expect(after.filter((p) => p.status !== 'CO').length).toBeGreaterThan(0);

      const second = await startWorker();
      const done = await waitUntilComplete(apiNode, token, ids);
      await expectProcessed(done);
      expect(second.stdout()).toContain('queued unfinished photos again');
      expect(await apiNode.stop()).toBe(0);
    }, 120_000);
  },
);
