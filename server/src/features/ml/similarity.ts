/**
 * Whether two faces are one person. Human's descriptors are compared by cosine similarity of the
 * unit-length vectors (`analyser-worker.ts` normalises them), not by Human's own `match.similarity`:
 * on unit vectors the cosine is a plain dot product, which the faces store can also compute in SQL
 * (pgvector's `<#>`/`<=>`) or over a whole event in one pass, and its scale (-1..1, 1 = identical)
 * does not depend on Human's tuning constants. Human's measure is a rescaled Euclidean distance,
 * which on unit vectors orders pairs exactly as the cosine does, so nothing is lost.
 */

/** Cosine similarity of two unit-length descriptors: 1 identical, ~0.3–0.6 strangers. */
export function faceSimilarity(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) {
    throw new RangeError(`face descriptors differ in length (${a.length} vs ${b.length})`);
  }
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += (a[i] as number) * (b[i] as number);
  return dot;
}

/** Whether two descriptors are the same person under the configured FACE_MATCH_THRESHOLD. */
export function isSamePerson(a: Float32Array, b: Float32Array, threshold: number): boolean {
  return faceSimilarity(a, b) >= threshold;
}

/** A copy of `vector` scaled to length 1 (a zero vector stays zero: it matches nothing). */
export function toUnitVector(vector: ArrayLike<number>): Float32Array {
  const unit = Float32Array.from(vector);
  let sumOfSquares = 0;
  for (const value of unit) sumOfSquares += value * value;
  const length = Math.sqrt(sumOfSquares);
  if (length > 0) for (let i = 0; i < unit.length; i++) unit[i] = (unit[i] as number) / length;
  return unit;
}
