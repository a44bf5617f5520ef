import type { AppContext } from '../../context.js';
import type { Tx } from '../../db/client.js';
import type { DetectedFace } from './analysis.js';
import { vectorFromBytes, vectorToBytes } from './face-vectors.js';
import * as repo from './faces-repo.js';
import { assignFaces, type ClusterPerson } from './people-clustering.js';

/**
 * Stores the faces found in a photo and places each with a person of its event, in the caller's
 * transaction (the photo job's). Running it again for the same photo (a retried or redone analysis)
 * replaces that photo's faces. An event with face features off stores nothing.
 *
 * A replaced face leaves its share in its person's centroid until that person is re-formed; the
 * running mean drifts by at most one face per redo, which matching at the threshold tolerates.
 */
export async function storeFaces(
  ctx: Pick<AppContext, 'config'>,
  tx: Tx,
  photo: { id: string },
  found: DetectedFace[],
): Promise<{ stored: number }> {
  const settings = await repo.photoFaceSettings(tx, photo.id);
  if (!settings?.facesEnabled) return { stored: 0 };
  await repo.lockEventFaces(tx, settings.eventId);
  await repo.deleteFacesOfPhoto(tx, photo.id);
  if (found.length === 0) return { stored: 0 };

  const people: ClusterPerson[] = (await repo.peopleCentroids(tx, settings.eventId)).map((p) => ({
    id: p.id,
    centroid: vectorFromBytes(p.centroid),
    faceCount: p.faceCount,
    changed: false,
  }));
  const { assignments } = assignFaces(
    people,
    found.map((f) => f.embedding),
    ctx.config.FACE_MATCH_THRESHOLD,
  );
  for (const person of new Set(assignments)) {
    const centroid = vectorToBytes(person.centroid);
    if (person.id === null) person.id = await repo.insertPerson(tx, settings.eventId, centroid);
    else if (person.changed) await repo.updateCentroid(tx, person.id, centroid);
  }
  const inserted = await repo.insertFaces(
    tx,
    found.map((f, i) => ({
      photoId: photo.id,
      eventId: settings.eventId,
      boxX: f.box.x,
      boxY: f.box.y,
      boxWidth: f.box.width,
      boxHeight: f.box.height,
      score: f.score,
      quality: f.quality,
      embedding: vectorToBytes(f.embedding),
      personId: assignments[i]!.id,
    })),
  );
  for (const face of inserted) {
    if (face.personId) await repo.offerCover(tx, face.personId, face.id, face.quality);
  }
  return { stored: inserted.length };
}
