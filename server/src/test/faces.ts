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
    gaussian,
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

/**
 * A stand-in for the face model in find-me tests (the real one is the ML engine's): it decodes the
 * picture and uses its 32x32 grey pixels, centred and normalised, as a 1024-d embedding. The same
 * picture re-encoded embeds nearly the same; two different noise pictures are about 0 alike.
 */
export async function pixelEmbedding(image: Buffer): Promise<Float32Array | null> {
  const { default: sharp } = await import('sharp');
  const pixels = await sharp(image).greyscale().resize(32, 32, { fit: 'fill' }).raw().toBuffer();
  const mean = pixels.reduce((n, p) => n + p, 0) / pixels.length;
  return normalised(Float32Array.from(pixels, (p) => p - mean));
}

/** A picture of random noise, standing for one person's face; `seed` picks which. */
export async function noisePicture(seed: number): Promise<Buffer> {
  const g = faceGenerator(seed);
  const pixels = Buffer.from(
    Array.from({ length: 64 * 64 }, () => Math.min(255, Math.max(0, Math.round(128 + 50 * g.gaussian())))),
  );
  const { default: sharp } = await import('sharp');
  return sharp(pixels, { raw: { width: 64, height: 64, channels: 1 } })
    .png()
    .toBuffer();
}
