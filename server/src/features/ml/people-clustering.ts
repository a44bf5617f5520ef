import { normalised, similarity, withFaceAdded } from './face-vectors.js';

/**
 * Incremental clustering of an event's faces into people: each new face joins the person whose
 * centroid is most similar at or above the threshold, else starts a person. Nothing is ever
 * re-clustered; a photo costs one comparison per face and person of its event. Pure: the store
 * (`people-store.ts`) reads the event's people, calls this, and writes what it answers.
 */

export interface ClusterPerson {
  /** Null for a person this call started, until the store gives them an id. */
  id: string | null;
  centroid: Float32Array;
  faceCount: number;
  /** Whether this call changed the person (so the store writes them back). */
  changed: boolean;
}

/** Assigns each face (in order) to a person of `people`, which it updates and extends in place. */
export function assignFaces(
  people: ClusterPerson[],
  faces: Float32Array[],
  threshold: number,
): { assignments: ClusterPerson[] } {
  const assignments: ClusterPerson[] = [];
  // Two faces of one photo are two people: a face never joins a person another face of the same
  // photo joined (a group photo of lookalikes must not merge them).
  const takenInThisPhoto = new Set<ClusterPerson>();
  for (const face of faces) {
    let best: ClusterPerson | undefined;
    let bestScore = threshold;
    for (const person of people) {
      if (takenInThisPhoto.has(person)) continue;
      const score = similarity(person.centroid, face);
      if (score >= bestScore) {
        best = person;
        bestScore = score;
      }
    }
    if (best) {
      best.centroid = withFaceAdded(best.centroid, best.faceCount, face);
      best.faceCount += 1;
      best.changed = true;
    } else {
      best = { id: null, centroid: normalised(face), faceCount: 1, changed: true };
      people.push(best);
    }
    takenInThisPhoto.add(best);
    assignments.push(best);
  }
  return { assignments };
}
