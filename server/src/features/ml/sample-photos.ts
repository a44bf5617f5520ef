/**
 * Real group photos for the ML tests and benchmark, shipped inside the @vladmandic/face-api dev
 * dependency (`demo/sample1..6.jpg`), so no test downloads anything.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import sharp from 'sharp';
import type { DetectedFace } from './analysis.js';

const demoDir = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api/package.json')),
  'demo',
);

/** How many people each sample shows, counted by eye. */
export const SAMPLE_PEOPLE = [3, 3, 3, 4, 5, 4] as const;

export function samplePhotoPath(n: number): string {
  return path.join(demoDir, `sample${n}.jpg`);
}

/**
 * A new photo of one person: the region around their face (the face plus its size on each side),
 * mirrored and shrunk to 70 %, as a JPEG. Also where that face's centre should be in it.
 */
export async function mirroredCropAround(file: string, face: Pick<DetectedFace, 'box'>) {
  const upright = await sharp(file).rotate().toBuffer({ resolveWithObject: true });
  const { width: W, height: H } = upright.info;
  const left = Math.max(0, Math.round((face.box.x - face.box.width) * W));
  const top = Math.max(0, Math.round((face.box.y - face.box.height) * H));
  const width = Math.min(W - left, Math.round(face.box.width * 3 * W));
  const height = Math.min(H - top, Math.round(face.box.height * 3 * H));
  // Two passes: sharp would mirror the whole photo before cropping it.
  const crop = await sharp(upright.data).extract({ left, top, width, height }).toBuffer();
  const image = await sharp(crop)
    .flop()
    .resize(Math.round(width * 0.7))
    .jpeg({ quality: 90 })
    .toBuffer();
  const centreX = ((face.box.x + face.box.width / 2) * W - left) / width;
  const centreY = ((face.box.y + face.box.height / 2) * H - top) / height;
  return { image, expectedCentre: { x: 1 - centreX, y: centreY } };
}
