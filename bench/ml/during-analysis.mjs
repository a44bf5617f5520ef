import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { timedLoad } from '../api/load.mjs';
import { api, bulkUpload, signUp, startServer } from '../server.mjs';
import { importBuilt, sharp } from '../server-deps.mjs';
import { analyserChildrenOf, rssOf } from './process-memory.mjs';

/**
 * Whether the API stays responsive while photos are analysed (issue 13: "the event loop must stay
 * free"): a real `pixeli serve` (embedded, ML on), `/api/health/` and the feed loaded for a few
 * seconds before any photo arrives, then again while `photos` group photos are being analysed, after
 * their variants are done (so the image pipeline is not what is measured). Also the server's
 * seconds per photo for the analysis, as the queue drains, and the peak resident memory of the
 * server and of its analyser child, apart.
 */
export async function measureApiDuringAnalysis({ photos, seconds, connections, log }) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'pixeli-bench-ml-'));
  const server = await startServer(dataDir, { ML: 'on', LOG_LEVEL: 'warn', WEB_DIR: 'off' });
  try {
    const rssBeforeMb = (await server.memory()).rss / 1024 ** 2;
    const token = await signUp(server, dataDir, 'analyst');
    const { json: event } = await api(server, 'POST', '/api/events/', {
      token,
      body: { title: 'Analysed party' },
    });
    const headers = { authorization: `Bearer ${token}` };
    const load = (route, label) =>
      timedLoad(
        { headers },
        { server, requests: [{ method: 'GET', path: route }], connections, seconds, label },
      );
    const quiet = {
      health: await load('/api/health/', 'health, quiet'),
      feed: await load('/api/photos/feed/?limit=50', 'feed, quiet'),
    };

    const files = await distinctGroupPhotos(photos);
    const form = new FormData();
    for (const [i, file] of files.entries()) form.append('images', new Blob([file]), `group-${i}.jpg`);
    const uploadedAt = performance.now();
    const ids = await bulkUpload(server, token, event.id, form);
    const photoOf = async (id) => (await api(server, 'GET', `/api/photos/${id}/`, { token })).json;
    // Variants first: the pipeline's own CPU is the ingest benchmark's business.
    while ((await Promise.all(ids.map(photoOf))).some((p) => p.status !== 'CO')) await sleep(100);
    const analysedCount = async () =>
      (await Promise.all(ids.map(photoOf))).filter((p) => p.auto_tags.length > 0).length;
    const analysedBefore = await analysedCount();
    log(`${photos} photos processed; ${analysedBefore} analysed already; loading the API meanwhile`);
    const busy = {
      health: await load('/api/health/', 'health, analysing'),
      feed: await load('/api/photos/feed/?limit=50', 'feed, analysing'),
    };
    const analysedDuring = (await analysedCount()) - analysedBefore;
    // The child's peak is read while it lives (it stops after ML_IDLE_EXIT_S without work).
    let analyserPeakRssMb = 0;
    const watchAnalyser = async () => {
      for (const pid of await analyserChildrenOf(server.pid))
        analyserPeakRssMb = Math.max(analyserPeakRssMb, (await rssOf(pid))?.peakMb ?? 0);
    };
    while ((await analysedCount()) < photos) {
      await watchAnalyser();
      await sleep(200);
    }
    await watchAnalyser();
    const drainedS = (performance.now() - uploadedAt) / 1000;
    return {
      photos,
      seconds,
      connections,
      quiet,
      busy,
      analysedBefore,
      analysedDuring,
      // From the upload to the last analysis: an upper bound of the analysis time per photo, which
      // includes the child's start and model load for the first one.
      secondsPerPhotoUpperBound: drainedS / photos,
      serverRssBeforeMb: rssBeforeMb,
      serverPeakRssMb: (await server.memory()).peakRss / 1024 ** 2,
      analyserPeakRssMb,
    };
  } finally {
    await server.stop();
  }
}

/**
 * `count` group photos from the face-api samples (no download), each re-encoded at its own
 * quality so no two share a checksum (an event refuses the same file twice).
 */
async function distinctGroupPhotos(count) {
  const { samplePhotoPath, SAMPLE_PEOPLE } = await importBuilt('features/ml/sample-photos.js');
  const originals = await Promise.all(SAMPLE_PEOPLE.map((_, i) => readFile(samplePhotoPath(i + 1))));
  return Promise.all(
    Array.from({ length: count }, (_, i) =>
      sharp(originals[i % originals.length])
        .jpeg({ quality: 92 - Math.floor(i / originals.length) })
        .toBuffer(),
    ),
  );
}
