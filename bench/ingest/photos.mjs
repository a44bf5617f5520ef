import { existsSync } from 'node:fs';
import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sharp } from '../server-deps.mjs';

/**
 * Camera-like test photos: 4000x3000 JPEGs of about 3 MB. Flat colour compresses to almost
 * nothing, which would make decoding look cheaper than it is, so each photo layers what a real
 * one has: smooth light (a few random colours blown up), shapes with soft edges, mid-scale
 * texture and fine sensor noise. Every photo differs (the server refuses duplicates by checksum),
 * and each is a pure function of its index, so the cached files can be reused across runs.
 */
export const PHOTO_WIDTH = 4000;
export const PHOTO_HEIGHT = 3000;
const JPEG_QUALITY = 92;
/** Bump when the recipe changes, so stale cached photos are not reused. */
const RECIPE = 'v2';

/** mulberry32: a tiny seeded PRNG; Math.random cannot be seeded. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rawOf = (width, height) => ({ raw: { width, height, channels: 3 } });

function randomPixels(random, width, height) {
  const data = Buffer.alloc(width * height * 3);
  for (let i = 0; i < data.length; i++) data[i] = Math.floor(random() * 256);
  return data;
}

function shapesSvg(random) {
  const colour = () => `rgb(${[0, 0, 0].map(() => Math.floor(random() * 256)).join(',')})`;
  const shapes = [];
  for (let i = 0; i < 40; i++) {
    const x = Math.round(random() * PHOTO_WIDTH);
    const y = Math.round(random() * PHOTO_HEIGHT);
    const size = Math.round(60 + random() * 700);
    const opacity = (0.3 + random() * 0.6).toFixed(2);
    shapes.push(
      random() < 0.5
        ? `<ellipse cx="${x}" cy="${y}" rx="${size}" ry="${Math.round(size * (0.4 + random()))}" fill="${colour()}" fill-opacity="${opacity}"/>`
        : `<rect x="${x}" y="${y}" width="${size}" height="${Math.round(size * (0.3 + random()))}" transform="rotate(${Math.round(random() * 90)} ${x} ${y})" fill="${colour()}" fill-opacity="${opacity}"/>`,
    );
  }
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${PHOTO_WIDTH}" height="${PHOTO_HEIGHT}">${shapes.join('')}</svg>`,
  );
}

/** One photo as JPEG bytes. */
export async function makePhoto(index) {
  const random = prng(0x9e3779b9 ^ (index * 7919));
  const light = await sharp(randomPixels(random, 6, 5), rawOf(6, 5))
    .resize(PHOTO_WIDTH, PHOTO_HEIGHT, { kernel: 'cubic' })
    .composite([{ input: shapesSvg(random) }])
    .blur(1.2) // soft edges, as a lens gives
    .removeAlpha()
    .raw()
    .toBuffer();
  // Texture at about 8 px scale: grass, fabric, foliage.
  const [tw, th] = [PHOTO_WIDTH / 8, PHOTO_HEIGHT / 8];
  const texture = await sharp(randomPixels(random, tw, th), rawOf(tw, th))
    .resize(PHOTO_WIDTH, PHOTO_HEIGHT, { kernel: 'cubic' })
    .raw()
    .toBuffer();
  // A clamped array rounds and clips to 0..255 on assignment, as a sensor saturates.
  const pixels = new Uint8ClampedArray(light.length);
  for (let i = 0; i < pixels.length; i++) {
    const grain = (random() + random() - 1) * 11; // roughly Gaussian sensor noise
    pixels[i] = light[i] + (texture[i] - 128) * 0.18 + grain;
  }
  return sharp(Buffer.from(pixels.buffer), rawOf(PHOTO_WIDTH, PHOTO_HEIGHT))
    .withExif({ IFD0: { Make: 'Pixel-i', Model: 'Benchmark Camera', Software: `bench ${RECIPE}` } })
    .jpeg({ quality: JPEG_QUALITY })
    .toBuffer();
}

/**
 * The first `count` photos as files, made on first use and kept in the OS temp folder: making
 * one costs about as much as processing it, and later runs should not pay that again.
 */
export async function ensurePhotos(count, log = () => {}) {
  const dir = path.join(os.tmpdir(), `pixeli-bench-photos-${RECIPE}`);
  await mkdir(dir, { recursive: true });
  const files = [];
  for (let i = 0; i < count; i++) {
    const file = path.join(dir, `photo-${String(i).padStart(4, '0')}.jpg`);
    if (!existsSync(file)) {
      log(`making photo ${i + 1}/${count}`);
      // Written under another name first, so an interrupted run never leaves half a photo.
      const partial = `${file}.${process.pid}.part`;
      await writeFile(partial, await makePhoto(i));
      await rename(partial, file);
    }
    files.push(file);
  }
  const sizes = await Promise.all(files.map(async (file) => (await stat(file)).size));
  return { dir, files, totalBytes: sizes.reduce((a, b) => a + b, 0) };
}
