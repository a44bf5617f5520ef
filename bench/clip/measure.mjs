// CLIP free-text search latency on an event of 2,000 photos with embeddings (the house target for
// the search box is p95 35 ms, issue 12).
// Usage (after `npx tsc -b packages/contract server`): node bench/clip/measure.mjs [--postgres URL]
// With --postgres, a database of its own is created on that server and dropped afterwards.
// No real CLIP weights exist here: the tiny model the tests build stands in (its text encoder is far
// cheaper than ViT-B/32's, so a text that was never embedded costs more on real weights; the
// photo side, which this measures, is the same 512-d work). A member of a private event searches;
// one photo in ten is for club members only, so the access filter has work to do.
// "cold" empties this process's embedding cache before each run (the first search after a
// start); "warm" runs one after another as a person typing would, through prefixes of a phrase.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { scratchLibrary, seededRandom } from '../scratch-library.mjs';
import { importBuilt } from '../server-deps.mjs';

const PHOTOS = 2000;
const WIDTH = 512;
const WARM_RUNS = 40;
const COLD_RUNS = 20;
const TYPED = [
  'dark',
  'dark n',
  'dark ni',
  'dark nig',
  'dark nigh',
  'dark night',
  'dark night s',
  'dark night sk',
];

const { saveEmbedding } = await importBuilt('features/ml/clip/embeddings-repo.js');
const { clipMatches } = await importBuilt('features/ml/clip/clip-search.js');
const { clipOf } = await importBuilt('features/ml/clip/clip.js');
const { writeTinyClipModel } = await importBuilt('features/ml/clip/tiny-clip-model.js');
const { normalised } = await importBuilt('features/ml/face-vectors.js');
const { unifiedSearch } = await importBuilt('features/search/service.js');
// The cache this benchmark was written for; absent in builds from before it (then every run is cold).
const cacheModule = await importBuilt('features/ml/clip/embedding-cache.js').catch(() => undefined);

const { uniform, gaussian } = seededRandom(4242);
// The tiny model's space: brightness and warmth in the first two dimensions; the rest is noise,
// so every photo's vector is a full 512-d one and about a third of them pass the similarity floor.
const photoEmbedding = () => {
  const v = Float32Array.from({ length: WIDTH }, () => gaussian() * 0.03);
  v[0] = uniform() * 2 - 1;
  v[1] = uniform() * 2 - 1;
  return normalised(v);
};

const library = await scratchLibrary({
  argv: process.argv,
  name: 'clip',
  env: async (dataDir) => ({
    ML: 'off',
    CLIP_MODEL_DIR: await writeTinyClipModel(path.join(dataDir, 'clip-model'), { width: WIDTH }),
  }),
  event: { readPerm: 'PRV' },
});
const { ctx, db, schema, bob, ada, event } = library;
const { config } = ctx;

const ids = Array.from({ length: PHOTOS }, () => randomUUID());
for (let from = 0; from < PHOTOS; from += 200) {
  await db.insert(schema.photos).values(
    ids.slice(from, from + 200).map((id, j) => ({
      id,
      eventId: event.id,
      photographerId: ada.id,
      status: 'CO',
      readPerm: (from + j) % 10 === 0 ? 'IMG' : 'PUB',
      checksum: id,
      originalType: 'image/jpeg',
      originalSize: 1,
    })),
  );
}
const model = (await clipOf(ctx).embedText('warm up')).model;
for (const id of ids) await saveEmbedding(db, id, model, photoEmbedding());
const viewer = { id: bob.id, role: 'public' };

const emptyCache = () => cacheModule?.embeddingCacheOf(ctx).clear();
const percentiles = (ms) => {
  ms.sort((a, b) => a - b);
  const at = (q) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))].toFixed(1);
  return `p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms`;
};
// Wall time, and this process's CPU time beside it (on PGlite the database's work included; on
// PostgreSQL not), which other work on a busy machine disturbs far less.
const time = async (label, work, { runs, cold }) => {
  const wall = [];
  const cpu = [];
  let found;
  for (let i = 0; i < runs; i++) {
    if (cold) emptyCache();
    const text = TYPED[i % TYPED.length];
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    found = await work(text);
    wall.push(performance.now() - started);
    const used = process.cpuUsage(cpuBefore);
    cpu.push((used.user + used.system) / 1000);
  }
  console.log(`| ${label} | ${percentiles(wall)} | ${percentiles(cpu)} | ${found} photos |`);
};

const engine = config.DATABASE_URL ? 'PostgreSQL' : 'PGlite';
console.log(
  `${engine}: ${PHOTOS} photos with ${WIDTH}-d embeddings in one private event, a member searching ` +
    `(${cacheModule ? `embedding cache on, CLIP_CACHE_MAX_PHOTOS=${config.CLIP_CACHE_MAX_PHOTOS}` : 'no embedding cache in this build'}); ` +
    `1-minute load average ${os.loadavg()[0].toFixed(2)}`,
);
console.log('| measure | wall | CPU of this process | found |');
console.log('| --- | --- | --- | --- |');
const matches = async (text) => (await clipMatches(ctx, viewer, text, 20)).length;
const search = async (text) => (await unifiedSearch(ctx, viewer, { q: text, limit: 6 })).photos.length;
// Texts embedded once untimed, as a person's refreshes and retyped prefixes would be.
for (const text of TYPED) await clipOf(ctx).embedText(text);
await time('clipMatches, cold (empty embedding cache)', matches, { runs: COLD_RUNS, cold: true });
await time('clipMatches, warm', matches, { runs: WARM_RUNS, cold: false });
await time('unifiedSearch, cold (empty embedding cache)', search, { runs: COLD_RUNS, cold: true });
await time('unifiedSearch, warm', search, { runs: WARM_RUNS, cold: false });
// The rest of the search box's work: two letters compare no picture.
await time('unifiedSearch of two letters (people and events only, no picture compared)', () => search('da'), {
  runs: WARM_RUNS,
  cold: false,
});
if (cacheModule) {
  const cache = cacheModule.embeddingCacheOf(ctx);
  const heldMb = (cache.size * WIDTH * 4) / 2 ** 20;
  console.log(`embedding cache: ${cache.size} vectors held, ${heldMb.toFixed(1)} MB of floats`);
}
await library.close();
