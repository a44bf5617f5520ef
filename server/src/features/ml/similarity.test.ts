import { describe, expect, it } from 'vitest';
import { meanLuma } from './brightness.js';
import { faceSimilarity, isSamePerson, toUnitVector } from './similarity.js';

describe('face similarity', () => {
  it('is the cosine of unit vectors: 1 for the same direction, 0 at right angles, -1 opposite', () => {
    const a = toUnitVector([3, 4]);
    expect(Array.from(a)).toEqual([expect.closeTo(0.6), expect.closeTo(0.8)]);
    expect(faceSimilarity(a, toUnitVector([6, 8]))).toBeCloseTo(1);
    expect(faceSimilarity(a, toUnitVector([-4, 3]))).toBeCloseTo(0);
    expect(faceSimilarity(a, toUnitVector([-3, -4]))).toBeCloseTo(-1);
  });

  it('matches at the threshold and not below it', () => {
    const a = toUnitVector([1, 0]);
    const at60 = toUnitVector([Math.cos(Math.PI / 3), Math.sin(Math.PI / 3)]); // cosine 0.5
    expect(isSamePerson(a, at60, 0.5 - 1e-6)).toBe(true);
    expect(isSamePerson(a, at60, 0.5 + 1e-6)).toBe(false);
  });

  it('leaves a zero vector at zero, matching nothing, and refuses descriptors of different lengths', () => {
    expect(faceSimilarity(toUnitVector([0, 0]), toUnitVector([1, 0]))).toBe(0);
    expect(() => faceSimilarity(new Float32Array(1024), new Float32Array(128))).toThrow(RangeError);
  });
});

describe('brightness', () => {
  it('weighs green above red above blue, as eyes do', () => {
    expect(meanLuma(new Uint8Array([255, 255, 255, 0, 0, 0]))).toBeCloseTo(0.5);
    const [red, green, blue] = [
      [255, 0, 0],
      [0, 255, 0],
      [0, 0, 255],
    ].map((rgb) => meanLuma(new Uint8Array(rgb)));
    expect(green).toBeGreaterThan(red as number);
    expect(red).toBeGreaterThan(blue as number);
    expect(meanLuma(new Uint8Array())).toBe(0);
  });
});
