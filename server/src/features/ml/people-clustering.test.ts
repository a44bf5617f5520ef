import { describe, expect, it } from 'vitest';
import { normalised, similarity, vectorFromBytes, vectorToBytes, withFaceAdded } from './face-vectors.js';
import { assignFaces, type ClusterPerson } from './people-clustering.js';

/** A seeded generator, so a failure can be replayed. */
function gaussians(seed: number) {
  let s = seed >>> 0;
  const uniform = () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return (s + 0.5) / 2 ** 32;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

const DIM = 1024;
const randomUnit = (g: () => number) => normalised(Float32Array.from({ length: DIM }, g));
/** A noisy copy of `base`: about 0.85 similar to it, about 0.7 to another copy. */
const noisyCopy = (base: Float32Array, g: () => number) =>
  normalised(base.map((x) => x + g() * (0.6 / Math.sqrt(DIM))));

describe('face vectors', () => {
  it('round-trips Float32 LE bytes and keeps the running mean at unit length', () => {
    const g = gaussians(1);
    const v = randomUnit(g);
    expect(Array.from(vectorFromBytes(vectorToBytes(v)))).toEqual(Array.from(v));
    const mean = withFaceAdded(v, 3, randomUnit(g));
    expect(similarity(mean, mean)).toBeCloseTo(1, 5);
  });
});

describe('incremental people clustering', () => {
  it('groups noisy copies of a few faces into one person each, photo by photo', () => {
    const g = gaussians(42);
    const faces = Array.from({ length: 5 }, () => randomUnit(g));
    const people: ClusterPerson[] = [];
    const truth = new Map<ClusterPerson, Set<number>>();
    let fed = 0;
    // 40 photos of 1-3 different people each, arriving one at a time.
    for (let photo = 0; photo < 40; photo++) {
      const who = [...new Set([photo % 5, (photo * 3 + 1) % 5, (photo * 7 + 2) % 5])].slice(
        0,
        1 + (photo % 3),
      );
      const { assignments } = assignFaces(
        people,
        who.map((i) => noisyCopy(faces[i]!, g)),
        0.5,
      );
      fed += who.length;
      assignments.forEach((person, k) => {
        const set = truth.get(person) ?? new Set<number>();
        set.add(who[k]!);
        truth.set(person, set);
      });
    }
    expect(people).toHaveLength(5);
    // Each person holds exactly one of the original faces, and each face is one person.
    expect([...truth.values()].map((s) => s.size)).toEqual([1, 1, 1, 1, 1]);
    expect(new Set([...truth.values()].map((s) => [...s][0])).size).toBe(5);
    expect(people.reduce((n, p) => n + p.faceCount, 0)).toBe(fed);
    // The centroids settle near the faces they stand for.
    for (const [person, set] of truth) {
      expect(similarity(person.centroid, faces[[...set][0]!]!)).toBeGreaterThan(0.9);
    }
  });

  it('keeps two faces of one photo apart, and starts a person for a face like nobody', () => {
    const g = gaussians(7);
    const face = randomUnit(g);
    const people: ClusterPerson[] = [{ id: 'p1', centroid: face, faceCount: 4, changed: false }];
    const { assignments } = assignFaces(people, [noisyCopy(face, g), noisyCopy(face, g), randomUnit(g)], 0.5);
    expect(assignments[0]!.id).toBe('p1');
    expect(assignments[0]!.faceCount).toBe(5);
    expect(assignments[1]!.id).toBeNull();
    expect(assignments[2]!.id).toBeNull();
    expect(assignments[1]).not.toBe(assignments[2]);
    expect(people).toHaveLength(3);
  });

  it('puts a face with the most similar person, not the first above the threshold', () => {
    const g = gaussians(9);
    const a = randomUnit(g);
    const b = normalised(a.map((x, i) => x + (i % 2 ? 0.02 : -0.02)));
    const near = noisyCopy(b, g);
    const people: ClusterPerson[] = [
      { id: 'a', centroid: a, faceCount: 1, changed: false },
      { id: 'b', centroid: b, faceCount: 1, changed: false },
    ];
    const better = similarity(b, near) > similarity(a, near) ? 'b' : 'a';
    expect(assignFaces(people, [near], 0.5).assignments[0]!.id).toBe(better);
  });
});
