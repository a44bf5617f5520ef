import { openAsBlob } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { api, bulkUpload, clockTicks, signUp, startServer } from '../server.mjs';
import { WATERMARK_TEXT } from './in-process.mjs';

/**
 * The whole pipeline as a user meets it: a real `pixeli serve` with the embedded defaults (PGlite,
 * in-process queue, disk storage), photos sent through the bulk-upload route a batch per request,
 * one request after another as the app sends them, while the gallery is polled until every
 * photo is `CO`. Timed from the first upload byte to the poll that sees the last `CO`, after an
 * untimed warm-up batch (as the in-process measures run after a warm-up photo): a server runs for
 * days, and a just-started one spends its first photos compiling its own code.
 */

/**
 * How often the gallery is polled. Polling costs the server CPU (a poll every 200 ms added about
 * 5 % to its CPU per photo), so it polls slowly while many photos wait and fast near the end:
 * twice the worker's concurrency of photos take longer than one slow interval to process, so the
 * last `CO` is seen at most POLL_FAST_MS late.
 */
export const POLL_SLOW_MS = 1000;
export const POLL_FAST_MS = 100;

const TICKS = clockTicks();

/**
 * CPU seconds of the server's main thread so far (the event loop: JS, PGlite, HTTP parsing; not
 * libvips, libuv's pool or V8's background GC and compiler threads), from /proc.
 */
async function mainThreadCpuSeconds(server) {
  const stat = await readFile(`/proc/${server.pid}/task/${server.pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

async function uploadBatch(server, token, eventId, batch) {
  const form = new FormData();
  for (const { file, name } of batch) {
    // A file-backed Blob: streamed from disk as a browser would, never all in memory.
    form.append('images', await openAsBlob(file, { type: 'image/jpeg' }), name);
  }
  await bulkUpload(server, token, eventId, form);
}

/** Every photo of the event with its status, following the `Link: rel="next"` pages. */
async function galleryStatuses(server, token, eventId) {
  const statuses = [];
  let route = `/api/events/${eventId}/photos/?limit=200`;
  while (route) {
    const { json, headers } = await api(server, 'GET', route, { token });
    statuses.push(...json.map((photo) => photo.status));
    const next = /<([^>]+)>;\s*rel="next"/.exec(headers.get('link') ?? '')?.[1];
    const url = next ? new URL(next, server.url) : null;
    route = url ? url.pathname + url.search : null;
  }
  return statuses;
}

/** Polls until `count` photos are `CO`; returns when the first and the last were seen `CO`. */
async function waitUntilProcessed(server, token, eventId, { count, concurrency }, since, signal) {
  // Generous: a stuck job must end the run with an error, not hang it.
  const deadline = since + 60_000 + count * 20_000;
  let firstDone;
  for (;;) {
    signal.throwIfAborted();
    if (performance.now() > deadline) throw new Error('photos were not all processed in time');
    const statuses = await galleryStatuses(server, token, eventId);
    if (statuses.includes('FA')) throw new Error('a photo failed processing; see the server log');
    const done = statuses.filter((s) => s === 'CO').length;
    if (done > 0 && firstDone === undefined) firstDone = performance.now() - since;
    if (done === count) return { firstDone, allDone: performance.now() - since };
    const wait = count - done <= 2 * concurrency ? POLL_FAST_MS : POLL_SLOW_MS;
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

/** Uploads `files` into a new event of their own and waits until all are `CO`. */
async function processUntimed(server, token, files, concurrency) {
  const { json: event } = await api(server, 'POST', '/api/events/', {
    token,
    body: { title: 'Ingest warm-up', watermark_text: WATERMARK_TEXT },
  });
  const polling = new AbortController();
  const processed = waitUntilProcessed(
    server,
    token,
    event.id,
    { count: files.length, concurrency },
    performance.now(),
    polling.signal,
  );
  processed.catch(() => {});
  try {
    await uploadBatch(
      server,
      token,
      event.id,
      files.map((file, i) => ({ file, name: `warm-up-${i}.jpg` })),
    );
    await processed;
  } finally {
    polling.abort();
  }
}

/**
 * `warmUpFiles` go through the server first, untimed (other photos than `files`: the server
 * refuses duplicates). `serverEnv` adds settings to the server's environment (e.g.
 * MALLOC_ARENA_MAX), for experiments.
 */
export async function measureWholePipeline(
  files,
  { batchSize, concurrency, warmUpFiles = [], serverEnv = {} },
) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'pixeli-bench-ingest-'));
  const polling = new AbortController();
  let server;
  try {
    // The pipeline as issue 12 measured it: its 400 MB target is for ML=off (bench/ml measures analysis).
    const env = { ML: 'off', ...serverEnv, PROCESSING_CONCURRENCY: String(concurrency) };
    server = await startServer(dataDir, env);
    const token = await signUp(server, dataDir, 'bench');
    const { json: event } = await api(server, 'POST', '/api/events/', {
      token,
      body: { title: 'Ingest benchmark', watermark_text: WATERMARK_TEXT },
    });
    // The first start runs PGlite's initdb, whose memory stays resident until the process ends.
    // A server runs on a data folder made long ago, so measure a restarted one; report both.
    const firstBoot = await server.memory();
    await server.stop();
    server = await startServer(dataDir, env);
    const before = await server.memory();
    if (warmUpFiles.length > 0) await processUntimed(server, token, warmUpFiles, concurrency);
    const cpuBefore = await server.cpuSeconds();
    const mainBefore = await mainThreadCpuSeconds(server);

    const photos = files.map((file, i) => ({ file, name: `photo-${i}.jpg` }));
    const start = performance.now();
    const processed = waitUntilProcessed(
      server,
      token,
      event.id,
      { count: photos.length, concurrency },
      start,
      polling.signal,
    );
    // Its failure is awaited below; until then it must not count as an unhandled rejection.
    processed.catch(() => {});
    for (let i = 0; i < photos.length; i += batchSize) {
      await uploadBatch(server, token, event.id, photos.slice(i, i + batchSize));
    }
    const uploaded = performance.now() - start;
    const { firstDone, allDone } = await processed;
    const after = await server.memory();
    return {
      seconds: allDone / 1000,
      cpuSeconds: (await server.cpuSeconds()) - cpuBefore,
      mainThreadCpuSeconds: (await mainThreadCpuSeconds(server)) - mainBefore,
      uploadSeconds: uploaded / 1000,
      firstDoneSeconds: firstDone / 1000,
      firstBootPeakRss: firstBoot.peakRss,
      rssBeforeUpload: before.rss,
      peakRss: after.peakRss,
      rssAtEnd: after.rss,
    };
  } catch (error) {
    if (server) console.error(server.output());
    throw error;
  } finally {
    polling.abort(); // a failed upload must not leave the poller running
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
