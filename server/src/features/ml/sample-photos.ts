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

/**
 * How one "new photo" of a person is made from a shipped face: how big the face is in the new
 * scene, its tilt, the light, the lens and the camera's compression. Each recipe changes all of
 * them at once, further than re-cropping does, so the descriptor has to see through every change.
 */
export interface NewShot {
  name: string;
  /** The face's width in the 1600 x 1200 scene, in pixels (the analyser sees ~64 % of it). */
  faceWidthPx: number;
  /** Clockwise tilt, degrees. */
  tiltDeg: number;
  mirrored: boolean;
  /** Per-channel gain (colour cast and exposure), then a gamma on 0..1 values (>1 darkens). */
  gain: [number, number, number];
  gamma: number;
  blurSigma: number;
  /** Standard deviation of the sensor noise added to each channel, in 0..255 levels. */
  noise: number;
  jpegQuality: number;
  /** Where the face's centre lands, as fractions of the scene. */
  at: { x: number; y: number };
  /** A blurred other sample photo behind the face, or a generated gradient. */
  background: 'other sample' | 'gradient';
}

export const NEW_SHOTS: readonly NewShot[] = [
  {
    name: 'small, dim and warm, tilted right, soft, JPEG 35',
    faceWidthPx: 150,
    tiltDeg: 12,
    mirrored: false,
    gain: [1.0, 0.8, 0.6],
    gamma: 1.35,
    blurSigma: 1.0,
    noise: 8,
    jpegQuality: 35,
    at: { x: 0.3, y: 0.4 },
    background: 'other sample',
  },
  {
    name: 'large, bright and cool, tilted left, JPEG 30',
    faceWidthPx: 260,
    tiltDeg: -10,
    mirrored: true,
    gain: [0.85, 1.0, 1.3],
    gamma: 0.7,
    blurSigma: 0.8,
    noise: 12,
    jpegQuality: 30,
    at: { x: 0.65, y: 0.45 },
    background: 'gradient',
  },
  {
    name: 'mid-size, greenish and flat, tilted 15°, blurred, JPEG 25',
    faceWidthPx: 170,
    tiltDeg: 15,
    mirrored: true,
    gain: [0.85, 1.1, 0.8],
    gamma: 1.2,
    blurSigma: 1.8,
    noise: 6,
    jpegQuality: 25,
    at: { x: 0.45, y: 0.6 },
    background: 'other sample',
  },
];

const SCENE = { width: 1600, height: 1200 } as const;

/**
 * A new photo of the person whose face is `face` in sample `n`: their head cut out with a soft
 * edge, resized, tilted and pasted into another scene, then the whole scene's light, sharpness,
 * noise and compression changed per `shot`. Also where that face's centre is in the new photo.
 * Deterministic (seeded noise), so a failure can be looked at again.
 */
export async function newShotOf(n: number, face: Pick<DetectedFace, 'box'>, shot: NewShot) {
  const upright = await sharp(samplePhotoPath(n)).rotate().toBuffer({ resolveWithObject: true });
  const { width: W, height: H } = upright.info;
  // The head: the face box plus half its size around it (hair, chin), not the old scene.
  const faceW = face.box.width * W;
  const faceH = face.box.height * H;
  const left = Math.max(0, Math.round(face.box.x * W - faceW / 2));
  const top = Math.max(0, Math.round(face.box.y * H - faceH / 2));
  const width = Math.min(W - left, Math.round(faceW * 2));
  const height = Math.min(H - top, Math.round(faceH * 2));
  const centreInCrop = {
    x: (face.box.x * W + faceW / 2 - left) / width,
    y: (face.box.y * H + faceH / 2 - top) / height,
  };
  const scale = shot.faceWidthPx / faceW;
  const w = Math.round(width * scale);
  const h = Math.round(height * scale);
  const crop = await sharp(upright.data).extract({ left, top, width, height }).toBuffer();
  const resized = await sharp(crop)
    .flop(shot.mirrored)
    .resize(w, h)
    .ensureAlpha()
    .composite([{ input: softOval(w, h), blend: 'dest-in' }])
    .png()
    .toBuffer();
  const tilted = await sharp(resized)
    .rotate(shot.tiltDeg, { background: { r: 0, g: 0, b: 0, alpha: 0 } })
    .png()
    .toBuffer({ resolveWithObject: true });
  // The face centre, relative to the head's centre, turned clockwise as sharp turns the pixels.
  const dx = ((shot.mirrored ? 1 - centreInCrop.x : centreInCrop.x) - 0.5) * w;
  const dy = (centreInCrop.y - 0.5) * h;
  const turn = (shot.tiltDeg * Math.PI) / 180;
  const faceInTilted = {
    x: tilted.info.width / 2 + dx * Math.cos(turn) - dy * Math.sin(turn),
    y: tilted.info.height / 2 + dx * Math.sin(turn) + dy * Math.cos(turn),
  };
  const pasteLeft = Math.round(shot.at.x * SCENE.width - faceInTilted.x);
  const pasteTop = Math.round(shot.at.y * SCENE.height - faceInTilted.y);

  // Two passes: sharp composites last, after a blur in the same pipeline.
  const pasted = await sharp(await backgroundFor(n, shot))
    .composite([{ input: tilted.data, left: pasteLeft, top: pasteTop }])
    .png()
    .toBuffer();
  const scene = await sharp(pasted)
    .blur(shot.blurSigma)
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const image = await sharp(relit(scene.data, shot, n), {
    raw: { width: scene.info.width, height: scene.info.height, channels: 3 },
  })
    .jpeg({ quality: shot.jpegQuality })
    .toBuffer();
  const expectedCentre = {
    x: (pasteLeft + faceInTilted.x) / SCENE.width,
    y: (pasteTop + faceInTilted.y) / SCENE.height,
  };
  return { image, expectedCentre };
}

/** The face whose box centre is closest to `centre` (fractions of the image), if any. */
export function faceNearest<F extends Pick<DetectedFace, 'box'>>(
  faces: readonly F[],
  centre: { x: number; y: number },
): F | undefined {
  const distance = (f: F) =>
    Math.hypot(f.box.x + f.box.width / 2 - centre.x, f.box.y + f.box.height / 2 - centre.y);
  return [...faces].sort((a, b) => distance(a) - distance(b))[0];
}

/** An oval mask with a feathered edge, so the pasted head has no rectangle around it. */
function softOval(width: number, height: number): Buffer {
  const feather = Math.max(2, Math.round(Math.min(width, height) * 0.06));
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
      <filter id="f"><feGaussianBlur stdDeviation="${feather}"/></filter>
      <ellipse cx="${width / 2}" cy="${height / 2}" rx="${width / 2 - 2 * feather}" ry="${height / 2 - 2 * feather}" fill="#fff" filter="url(#f)"/>
    </svg>`,
  );
}

/**
 * The scene behind the face: the next sample photo blurred until its own people are no longer
 * faces (so every face found is the pasted one), or a two-colour gradient.
 */
async function backgroundFor(n: number, shot: NewShot): Promise<Buffer> {
  if (shot.background === 'other sample') {
    const other = (n % SAMPLE_PEOPLE.length) + 1;
    return sharp(samplePhotoPath(other))
      .rotate()
      .resize(SCENE.width, SCENE.height, { fit: 'cover' })
      .blur(24)
      .toBuffer();
  }
  const [from, to] = n % 2 ? ['#2d4a6b', '#d9c7a3'] : ['#6b2d3a', '#a3d9c8'];
  return sharp(
    Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="${SCENE.width}" height="${SCENE.height}">
        <linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${from}"/><stop offset="1" stop-color="${to}"/></linearGradient>
        <rect width="100%" height="100%" fill="url(#g)"/>
      </svg>`,
    ),
  )
    .png()
    .toBuffer();
}

/** Gain, gamma and seeded Gaussian noise on 8-bit RGB, in place. */
function relit(rgb: Buffer, shot: NewShot, seed: number): Buffer {
  let s = (seed * 2654435761) >>> 0;
  const uniform = () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return (s + 0.5) / 2 ** 32;
  };
  const gaussian = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  // One lookup table per channel: gain and gamma only depend on the input level.
  const tables = shot.gain.map((gain) =>
    Float64Array.from({ length: 256 }, (_, v) => 255 * Math.min(1, (v / 255) * gain) ** shot.gamma),
  );
  for (let i = 0; i < rgb.length; i++) {
    const level = (tables[i % 3] as Float64Array)[rgb[i] as number] as number;
    rgb[i] = Math.max(0, Math.min(255, Math.round(level + gaussian() * shot.noise)));
  }
  return rgb;
}
