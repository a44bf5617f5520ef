import type { AccessViewer } from '../../access/viewer.js';
import type { AppContext } from '../../context.js';
import { similarity, vectorFromBytes } from './face-vectors.js';
import { peopleCentroids, readableFacesOfPeople } from './faces-repo.js';

/**
 * The search behind find-me, in two steps: the query faces are compared with the event's people
 * centroids (one vector per person, a few hundred at most), then with the faces of the people close
 * enough, in photos the viewer may read. Reading every face of a 2,000-photo event (6,000
 * embeddings, 24 MB) per request was what made it slow; the centroids are a fraction of that.
 */

/**
 * How far below the threshold a person's centroid may be and their faces still be compared: a
 * centroid averages a person's faces, so a face can match the query while its centroid is a
 * little further off.
 */
export const CENTROID_MARGIN = 0.15;
/** Find-me answers at most this many photos, the best. */
export const FIND_ME_RESULTS_AT_MOST = 500;

export interface PhotoHit {
  photoId: string;
  similarity: number;
}

/**
 * `ownPersonId`: the person the caller is linked to, when searching with their face. Every face of
 * that person counts, whatever its similarity: a person said who they are ("this is me", or the
 * coordinator named them), and a person merged from two clusters has faces further from its one
 * centroid than the threshold (one person in very different photos scores 0.4-0.65, see README).
 */
export async function nearestPhotos(
  ctx: AppContext,
  v: AccessViewer,
  eventId: string,
  queries: Float32Array[],
  ownPersonId?: string,
): Promise<PhotoHit[]> {
  const db = ctx.database.db;
  const threshold = ctx.config.FACE_MATCH_THRESHOLD;
  const best = (embedding: Float32Array) => Math.max(...queries.map((q) => similarity(q, embedding)));
  const candidates = (await peopleCentroids(db, eventId))
    .filter((p) => p.id === ownPersonId || best(vectorFromBytes(p.centroid)) >= threshold - CENTROID_MARGIN)
    .map((p) => p.id);
  const byPhoto = new Map<string, number>();
  for (const face of await readableFacesOfPeople(db, v, candidates)) {
    const score = best(vectorFromBytes(face.embedding));
    const counts = score >= threshold || face.personId === ownPersonId;
    if (counts && score > (byPhoto.get(face.photoId) ?? -Infinity)) byPhoto.set(face.photoId, score);
  }
  return [...byPhoto]
    .map(([photoId, score]) => ({ photoId, similarity: score }))
    .sort((a, b) => b.similarity - a.similarity || a.photoId.localeCompare(b.photoId))
    .slice(0, FIND_ME_RESULTS_AT_MOST);
}
