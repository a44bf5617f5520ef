/**
 * Face embeddings as stored and compared here: unit Float32 vectors, kept as little-endian bytes.
 * Cosine similarity of unit vectors is their dot product.
 */

/** Bytes of a Float32 LE vector; a copy, so the result owns its memory whatever the driver returned. */
export function vectorFromBytes(bytes: Uint8Array): Float32Array {
  const out = new Float32Array(bytes.byteLength / 4);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

export function vectorToBytes(v: Float32Array): Buffer {
  const out = Buffer.allocUnsafe(v.length * 4);
  for (let i = 0; i < v.length; i++) out.writeFloatLE(v[i]!, i * 4);
  return out;
}

/** Cosine similarity of two unit vectors. */
export function similarity(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

/** `v` scaled to unit length (a zero vector stays zero). */
export function normalised(v: Float32Array): Float32Array {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i]! * v[i]!;
  const norm = Math.sqrt(sum);
  if (norm === 0) return v;
  const out = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = v[i]! / norm;
  return out;
}

/**
 * The centroid after adding one face to `count` faces averaged in `centroid`, re-normalised: the
 * running mean, so a person's centroid never needs their other faces read again.
 */
export function withFaceAdded(centroid: Float32Array, count: number, face: Float32Array): Float32Array {
  const sum = new Float32Array(centroid.length);
  for (let i = 0; i < sum.length; i++) sum[i] = centroid[i]! * count + face[i]!;
  return normalised(sum);
}
