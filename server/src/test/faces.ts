import { normalised } from '../features/ml/face-vectors.js';
import { storeFaces } from '../features/ml/people-store.js';
import type { Harness } from './harness.js';

/**
 * Generated face embeddings for tests of the faces store and find-me: a few random unit vectors
 * stand for people, and noisy copies of one stand for that person's face in different photos
 * (about 0.85 like the original and 0.7 like each other; different people are about 0 alike).
 */
export const FACE_DIM = 1024;

export function faceGenerator(seed: number) {
  let s = seed >>> 0;
  const uniform = () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return (s + 0.5) / 2 ** 32;
  };
  const gaussian = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  return {
    person: () => normalised(Float32Array.from({ length: FACE_DIM }, gaussian)),
    copyOf: (base: Float32Array, noise = 0.6) =>
      normalised(base.map((x) => x + gaussian() * (noise / Math.sqrt(FACE_DIM)))),
  };
}

/** Stores these faces for the photo as the photo job would, boxes laid out left to right. */
export async function storeTestFaces(h: Harness, photoId: string, embeddings: Float32Array[]) {
  return h.ctx.transaction((tx) =>
    storeFaces(
      h.ctx,
      tx,
      { id: photoId },
      embeddings.map((embedding, i) => ({
        box: { x: 0.1 + i * 0.25, y: 0.2, width: 0.15, height: 0.2 },
        score: 0.9,
        quality: 0.8 - i * 0.1,
        embedding,
      })),
    ),
  );
}
