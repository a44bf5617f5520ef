// Find-me latency on an event of 2,000 photos with 3 faces each (issue 13's target: under 300 ms).
// The faces are copies of the 22 real faces of the shipped sample photos (analysed once here by the
// real analyser), each nudged by noise so no two copies are bit-identical: the event's people are
// the shipped people, and find-me answers with as many photos as a real guest would get.
// Usage (after `npx tsc -b packages/contract server`): node bench/find-me/measure.mjs [--postgres URL]
// With --postgres, a database of its own is created on that server and dropped afterwards.
// Builds the event through the real faces store (so it also reports the store's time per photo),
// then times find-me's search as a member (access filter on), against reading every face of the
// event (the approach the centroid step replaces).
import { randomUUID } from 'node:crypto';
import { scratchLibrary, seededRandom } from '../scratch-library.mjs';
import { importBuilt } from '../server-deps.mjs';

const PHOTOS = 2000;
const FACES_PER_PHOTO = 3;
const RUNS = 30;

const { loadConfig } = await importBuilt('config.js');
const { storeFaces } = await importBuilt('features/ml/people-store.js');
const { nearestPhotos } = await importBuilt('features/ml/find-me-search.js');
const { findMe } = await importBuilt('features/ml/find-me.js');
const { normalised, similarity, vectorFromBytes } = await importBuilt('features/ml/face-vectors.js');
const { readablePhotosSql } = await importBuilt('access/photos.js');
const { createAnalyser } = await importBuilt('features/ml/analyser.js');
const { decodeForAnalysis } = await importBuilt('features/ml/decode.js');
const { SAMPLE_PEOPLE, samplePhotoPath } = await importBuilt('features/ml/sample-photos.js');
const { and, eq, sql } = await import('drizzle-orm');

const { uniform, gaussian } = seededRandom(12345);
// Noise of 0.6/sqrt(1024) per component puts a copy ~0.86 from its face and two copies ~0.74 apart:
// about the median of a face re-shot into a new photo (0.72-0.85 by recipe, `bench/ml/engine.mjs`).
const copyOf = (base) => normalised(base.map((x) => x + gaussian() * (0.6 / 32)));

const library = await scratchLibrary({
  argv: process.argv,
  name: 'find-me',
  env: () => ({ RATE_FIND_ME_PER_HOUR: '100000' }),
});
const { ctx, db, schema, bob, ada, event } = library;
const { config } = ctx;
const faces = await shippedFaces();
const PEOPLE = faces.length;

let storeMs = 0;
for (let i = 0; i < PHOTOS; i++) {
  const id = randomUUID();
  await db.insert(schema.photos).values({
    id,
    eventId: event.id,
    photographerId: ada.id,
    status: 'CO',
    // One photo in ten is for club members only: the access filter has work to do.
    readPerm: i % 10 === 0 ? 'IMG' : 'PUB',
    checksum: id,
    originalType: 'image/jpeg',
    originalSize: 1,
  });
  // Everyone appears at least once; the other faces are anyone.
  const who = new Set([i % PEOPLE]);
  while (who.size < FACES_PER_PHOTO) who.add(Math.floor(uniform() * PEOPLE));
  const found = [...who].map((k, j) => ({
    box: { x: 0.1 + j * 0.3, y: 0.2, width: 0.1, height: 0.15 },
    score: 0.9,
    quality: 0.7,
    embedding: copyOf(faces[k]),
  }));
  const started = performance.now();
  await ctx.transaction((tx) => storeFaces(ctx, tx, { id }, found));
  storeMs += performance.now() - started;
  if ((i + 1) % 250 === 0)
    console.log(`  ${i + 1} photos stored, ${(storeMs / (i + 1)).toFixed(1)} ms per photo so far`);
}
const [{ n: peopleCount }] = (await db.execute(sql`select count(*)::int as n from people`)).rows ?? [];
const viewer = { id: bob.id, role: 'public' };

const time = async (label, work, runs = RUNS) => {
  const ms = [];
  let answer;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    answer = await work();
    ms.push(performance.now() - started);
  }
  ms.sort((a, b) => a - b);
  const at = (q) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))].toFixed(1);
  console.log(`${label}: p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms (${answer} photos)`);
};

const query = copyOf(faces[0]);
console.log(
  `${config.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}: ${PHOTOS} photos x ${FACES_PER_PHOTO} faces of ${PEOPLE} people -> ${peopleCount} people clustered; store ${(storeMs / PHOTOS).toFixed(1)} ms per photo`,
);
await time(
  'search (centroids, then their faces)',
  async () => (await nearestPhotos(ctx, viewer, event.id, [query])).length,
);
// Bob is linked to the person clustered from the first face, as "this is me" would do.
const centroids = (
  await db.select({ id: schema.people.id, centroid: schema.people.centroid }).from(schema.people)
).map((p) => ({ id: p.id, score: similarity(faces[0], vectorFromBytes(p.centroid)) }));
const mine = centroids.sort((a, b) => b.score - a.score)[0];
await db.update(schema.people).set({ userId: bob.id }).where(eq(schema.people.id, mine.id));
await time(
  'find-me service, linked person (checks + search + photo tiles)',
  async () => (await findMe(ctx, viewer, event.id, { linked: true })).length,
);
// On PGlite each run moves 24 MB through the embedded database and takes minutes: PostgreSQL only.
if (!config.DATABASE_URL) console.log('every face of the event instead: not run on PGlite (minutes per run)');
else
  await time(
    'every face of the event instead (the approach replaced)',
    async () => {
      const rows = await db
        .select({
          photoId: schema.faces.photoId,
          embedding: sql`encode(${schema.faces.embedding}, 'base64')`.mapWith((t) =>
            Buffer.from(t, 'base64'),
          ),
        })
        .from(schema.faces)
        .innerJoin(schema.photos, eq(schema.photos.id, schema.faces.photoId))
        .innerJoin(schema.events, eq(schema.events.id, schema.photos.eventId))
        .where(and(eq(schema.faces.eventId, event.id), readablePhotosSql(viewer)));
      const hits = new Set();
      for (const r of rows)
        if (similarity(query, vectorFromBytes(r.embedding)) >= config.FACE_MATCH_THRESHOLD)
          hits.add(r.photoId);
      return hits.size;
    },
    5,
  );
await library.close();

/** The descriptors of every face in the six shipped sample photos, from the real analyser. */
async function shippedFaces() {
  const analysis = loadConfig({});
  const analyser = createAnalyser(analysis);
  try {
    const found = [];
    for (let n = 1; n <= SAMPLE_PEOPLE.length; n++) {
      const input = await decodeForAnalysis(samplePhotoPath(n), {
        maxSidePx: analysis.ML_ANALYSIS_SIZE_PX,
        maxInputPixels: analysis.MAX_INPUT_PIXELS,
      });
      found.push(...(await analyser.analyse(input)).faces.map((f) => f.embedding));
    }
    return found;
  } finally {
    await analyser.close();
  }
}
