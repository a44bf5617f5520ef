import { beforeAll, describe, expect, it } from 'vitest';
import { createEvent } from '../../test/fixtures.js';
import { call, signUpVerified, useHarness } from '../../test/harness.js';
import { uploadJpegs as upload } from '../../test/multipart.js';
import type { DetectedFace } from './analysis.js';
import { decodeForAnalysis } from './decode.js';
import { analyserOf } from './models.js';
import { faceNearest, NEW_SHOTS, newShotOf, SAMPLE_PEOPLE, samplePhotoPath } from './sample-photos.js';
import { faceSimilarity } from './similarity.js';

/**
 * FACE_MATCH_THRESHOLD against "new photos" of the shipped faces (`newShotOf`: each head pasted
 * into another scene at another size and tilt, relit, blurred, noised and recompressed), through
 * the real analyser and, for clustering, the real upload, analyse job and people store.
 *
 * What the measurements say (`node bench/ml/engine.mjs`, BENCHMARKS.md): different people stay
 * under the threshold, but a re-shot face often does not reach it (here 11 of the 19 found do; the
 * small, dim recipe loses a third of its faces to the detector). So these tests hold the threshold to
 * what it does promise: strangers never merge, a re-shot face is most like its own person, and most
 * re-shots join their person; they do not claim every new photo of someone finds them.
 */

interface Reshot {
  sample: number;
  face: DetectedFace;
  image: Buffer;
  expectedCentre: { x: number; y: number };
}

// ~1 s of CPU per analysis, several times that on a shared two-core machine: a generous ceiling.
describe('faces re-shot into new photos', { timeout: 300_000 }, () => {
  const h = useHarness('pglite', { ML: 'on' }, { worker: true });
  const originals: DetectedFace[][] = [];
  const reshots: Reshot[] = [];

  const analyse = async (source: string | Buffer) =>
    analyserOf(h.ctx)!.analyse(
      await decodeForAnalysis(source, {
        maxSidePx: h.ctx.config.ML_ANALYSIS_SIZE_PX,
        maxInputPixels: h.ctx.config.MAX_INPUT_PIXELS,
      }),
    );

  beforeAll(async () => {
    for (let n = 1; n <= SAMPLE_PEOPLE.length; n++) originals.push((await analyse(samplePhotoPath(n))).faces);
    // Each face gets one recipe, taking turns, so every recipe is in play at ~7 analyses each.
    for (const [i, faces] of originals.entries()) {
      for (const face of faces) {
        const shot = NEW_SHOTS[reshots.length % NEW_SHOTS.length]!;
        reshots.push({ sample: i + 1, face, ...(await newShotOf(i + 1, face, shot)) });
      }
    }
  }, 300_000);

  it('never brings a re-shot face within the threshold of someone else, and mostly matches its own', async () => {
    const threshold = h.ctx.config.FACE_MATCH_THRESHOLD;
    const everyone = originals.flat();
    expect(everyone).toHaveLength(22);
    let found = 0;
    let matched = 0;
    let mostLikeOwn = 0;
    for (const reshot of reshots) {
      const face = faceNearest((await analyse(reshot.image)).faces, reshot.expectedCentre);
      if (!face) continue;
      found++;
      const own = faceSimilarity(reshot.face.embedding, face.embedding);
      const others = everyone
        .filter((o) => o !== reshot.face)
        .map((o) => faceSimilarity(o.embedding, face.embedding));
      expect(Math.max(...others)).toBeLessThan(threshold);
      if (own > Math.max(...others)) mostLikeOwn++;
      if (own >= threshold) matched++;
    }
    // Measured here: 19 of 22 heads found; 18 most like their own face; only 11 at or above 0.7.
    // The floors leave a face of room: they guard against getting worse, they are not a goal.
    expect(found).toBeGreaterThanOrEqual(18);
    expect(mostLikeOwn).toBeGreaterThanOrEqual(found - 2);
    expect(matched).toBeGreaterThanOrEqual(10);
  });

  it('clusters an event of the shipped photos and re-shots without ever merging two people', async () => {
    const ana = await signUpVerified(h, { username: 'ana' });
    const event = await createEvent(h, ana);
    // Samples first, so each person exists before their re-shot arrives; a subset keeps it quick.
    const sampleIds = await upload(
      h,
      ana,
      event.id,
      SAMPLE_PEOPLE.map((_, i) => samplePhotoPath(i + 1)),
    );
    const chosen = reshots.filter((r) => [1, 6].includes(r.sample));
    const reshotIds = await upload(
      h,
      ana,
      event.id,
      chosen.map((r) => r.image),
    );

    const facesOf = async (id: string): Promise<{ box: DetectedFace['box']; person_id: string }[]> =>
      (await call(h, 'GET', `/api/photos/${id}/`, { token: ana.access })).json().faces;
    // Each shipped face is its own person: 22 faces, 22 people.
    const personOf = new Map<DetectedFace, string>();
    for (const [i, id] of sampleIds.entries()) {
      const stored = await facesOf(id);
      expect(stored).toHaveLength(SAMPLE_PEOPLE[i]!);
      for (const face of originals[i]!) personOf.set(face, faceNearest(stored, centreOf(face))!.person_id);
    }
    expect(new Set(personOf.values()).size).toBe(22);

    // A re-shot face joins its own person or starts one of its own, never someone else.
    let joined = 0;
    const started = new Set<string>();
    for (const [k, id] of reshotIds.entries()) {
      const stored = await facesOf(id);
      const face = faceNearest(stored, chosen[k]!.expectedCentre);
      if (face?.person_id === personOf.get(chosen[k]!.face)) joined++;
      else if (face) expect([...personOf.values()]).not.toContain(face.person_id);
      // Anything else found in a re-shot (a blurred background figure) is a new person too.
      for (const other of stored)
        if (![...personOf.values()].includes(other.person_id)) started.add(other.person_id);
    }
    const people = (await call(h, 'GET', `/api/events/${event.id}/people/`, { token: ana.access })).json();
    expect(people).toHaveLength(22 + started.size);
    expect(joined).toBeGreaterThanOrEqual(Math.ceil(chosen.length * 0.6));
  });
});

const centreOf = (face: Pick<DetectedFace, 'box'>) => ({
  x: face.box.x + face.box.width / 2,
  y: face.box.y + face.box.height / 2,
});
