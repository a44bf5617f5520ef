/**
 * Real group photos for the ML tests and benchmark, shipped inside the @vladmandic/face-api dev
 * dependency (`demo/sample1..6.jpg`), so no test downloads anything.
 */
import { createRequire } from 'node:module';
import path from 'node:path';

const demoDir = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api/package.json')),
  'demo',
);

/** How many people each sample shows, counted by eye. */
export const SAMPLE_PEOPLE = [3, 3, 3, 4, 5, 4] as const;

export function samplePhotoPath(n: number): string {
  return path.join(demoDir, `sample${n}.jpg`);
}
