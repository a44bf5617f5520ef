import type { Tx } from '../../db/client.js';
import { normalised, vectorFromBytes, vectorToBytes } from './face-vectors.js';
import * as repo from './faces-repo.js';

/**
 * Joining two people of an event who are one person: the clustering's threshold keeps strangers
 * apart at the price of splitting one person across very different shots (README, "How well faces
 * match"), and naming both halves after one account is how a person is put back together.
 * Who may merge is the access module's (`requireMergeAllowed`); this only does it.
 */

/** The normalised mean of unit embeddings: a centroid made afresh from all of a person's faces. */
export function meanOf(embeddings: Float32Array[]): Float32Array {
  const sum = new Float32Array(embeddings[0]?.length ?? 0);
  for (const e of embeddings) for (let i = 0; i < sum.length; i++) sum[i] = sum[i]! + e[i]!;
  return normalised(sum);
}

/**
 * Moves every face of `fromId` to `intoId` and deletes `fromId`, in the caller's transaction, which
 * must hold the event's faces lock (`lockEventFaces`) so no photo analysed meanwhile attaches a face
 * to the person going away. The kept person's centroid is recomputed from all their faces rather
 * than combined from the two running means: it is exact, and it also drops the drift that redone
 * analyses leave in a running mean (see `storeFaces`).
 */
export async function mergePeople(tx: Tx, intoId: string, fromId: string): Promise<void> {
  await repo.moveFaces(tx, fromId, intoId);
  // The count trigger has already deleted `fromId` with its last face; the merge does not rely on it.
  await repo.deletePerson(tx, fromId);
  const embeddings = (await repo.embeddingsOfPerson(tx, intoId)).map(vectorFromBytes);
  await repo.updateCentroid(tx, intoId, vectorToBytes(meanOf(embeddings)));
  await repo.coverWithBestFace(tx, intoId);
}
