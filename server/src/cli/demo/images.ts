import { copyFile, link, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { processImage, VARIANT_SPECS, type VariantName } from '../../features/media/service.js';
import { originalKey, variantKey } from '../../features/photos/service.js';
import { diskPathOf, isDiskStorage } from '../../platform/storage/disk.js';
import type { ObjectStorage } from '../../platform/storage/storage.js';
import type { DemoPhoto } from './photos.js';
import type { SeededRandom } from './random.js';

/**
 * Images behind demo photos (`seed-demo --images`): a small set of soft gradient pictures is made
 * once, through the real image pipeline (so the variants, sizes and ThumbHashes are what an upload
 * would give), and every demo photo then gets the files of one of them whose shape matches its
 * width and height. On disk each photo's files are hard links to the shared ones, so 2,000 photos
 * cost a few thousand directory entries and no bytes; on S3 each is an ordinary put.
 */

/** The shapes demo cameras shoot (vocabulary.ts CAMERAS), landscape and portrait. */
const ASPECTS = [3 / 2, 4 / 3, 2 / 3, 3 / 4] as const;
/** Colour pairs of the gradients: dusk, lagoon, meadow, ember, lavender, slate. */
const PALETTES = [
  ['#ff9a8b', '#5b3f8c'],
  ['#43c6ac', '#191654'],
  ['#c6ea8d', '#2f7336'],
  ['#f9d423', '#e1306c'],
  ['#e0c3fc', '#5a67d8'],
  ['#a1c4fd', '#35424a'],
] as const;
/** Long edge of the made pictures: as big as the preview, so every variant has its real size. */
const LONG_EDGE = 1600;
/**
 * Grain of GRAIN_PX-pixel specks, ± GRAIN per channel. Smooth gradients compress far better than
 * photos do (a 1.7 kB thumbnail against ~20 kB), which would flatter every load measured on them;
 * specks coarse enough to survive the 400 px thumbnail bring the files to a photo's size (~15 kB
 * thumbnail, ~280 kB preview).
 */
const GRAIN = 22;
const GRAIN_PX = 4;
const GRAIN_SIDE = Math.ceil(LONG_EDGE / GRAIN_PX);
const PUTS_IN_FLIGHT = 16;

export interface DemoImage {
  aspect: number;
  thumbhash: string;
  /** Every served variant, and the original (the preview's JPEG stands in for it). */
  files: Record<VariantName | 'original', Buffer>;
}

/** One picture: a diagonal gradient with a few translucent discs, as out-of-focus lights. */
function pictureSvg(rng: SeededRandom, width: number, height: number, palette: readonly string[]): string {
  const discs = Array.from({ length: rng.int(4, 9) }, () => {
    const r = Math.round(Math.min(width, height) * (0.05 + rng.next() * 0.25));
    const opacity = (0.12 + rng.next() * 0.3).toFixed(2);
    return `<circle cx="${rng.int(0, width)}" cy="${rng.int(0, height)}" r="${r}" fill="#fff" fill-opacity="${opacity}"/>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
  <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
    <stop offset="0" stop-color="${palette[0]}"/><stop offset="1" stop-color="${palette[1]}"/>
  </linearGradient></defs>
  <rect width="100%" height="100%" fill="url(#g)"/>${discs.join('')}
</svg>`;
}

/** One field of grain (a square of specks, three channels each) shared by every picture. */
function grainField(rng: SeededRandom): Int8Array {
  const grain = new Int8Array(GRAIN_SIDE * GRAIN_SIDE * 3);
  const length = grain.length;
  for (let i = 0; i < length; i++) grain[i] = (rng.uint32() % (2 * GRAIN + 1)) - GRAIN;
  return grain;
}

async function makeImage(
  rng: SeededRandom,
  grain: Int8Array,
  aspect: number,
  palette: readonly string[],
): Promise<DemoImage> {
  const width = aspect >= 1 ? LONG_EDGE : Math.round(LONG_EDGE * aspect);
  const height = aspect >= 1 ? Math.round(LONG_EDGE / aspect) : LONG_EDGE;
  const { data, info } = await sharp(Buffer.from(pictureSvg(rng, width, height, palette)))
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  for (let y = 0; y < info.height; y++) {
    const row = Math.floor(y / GRAIN_PX) * GRAIN_SIDE;
    for (let x = 0; x < info.width; x++) {
      const speck = (row + Math.floor(x / GRAIN_PX)) * 3;
      const at = (y * info.width + x) * 3;
      for (let c = 0; c < 3; c++)
        data[at + c] = Math.max(0, Math.min(255, data[at + c]! + grain[speck + c]!));
    }
  }
  const png = await sharp(data, { raw: { width: info.width, height: info.height, channels: 3 } })
    .png({ compressionLevel: 1 })
    .toBuffer();
  const processed = await processImage(png, { maxInputPixels: width * height });
  return {
    aspect,
    thumbhash: processed.thumbhash,
    files: { ...processed.variants, original: processed.variants.preview },
  };
}

/** `count` distinct pictures spread over the demo shapes (24: six palettes in four shapes). */
export async function makeDemoImages(rng: SeededRandom, count: number): Promise<DemoImage[]> {
  const images: DemoImage[] = [];
  const grain = grainField(rng);
  // Two at a time: libvips already uses every core for one image.
  for (let i = 0; i < count; i += 2) {
    const batch = [i, i + 1].filter((n) => n < count);
    images.push(
      ...(await Promise.all(
        batch.map((n) => makeImage(rng, grain, ASPECTS[n % ASPECTS.length]!, PALETTES[n % PALETTES.length]!)),
      )),
    );
  }
  return images;
}

/** The picture a photo shows: one of those closest to its shape, chosen by its id so it stays put. */
export function imageFor(images: DemoImage[], photo: Pick<DemoPhoto, 'id' | 'width' | 'height'>): DemoImage {
  const aspect = photo.width / photo.height;
  const distance = (image: DemoImage) => Math.abs(Math.log(image.aspect / aspect));
  const best = Math.min(...images.map(distance));
  const fitting = images.filter((image) => distance(image) - best < 1e-9);
  return fitting[Number.parseInt(photo.id.slice(-8), 16) % fitting.length]!;
}

const FILES = ['thumb', 'preview', 'watermarked', 'original'] as const;

function keyOf(photoId: string, file: (typeof FILES)[number]): string {
  return file === 'original' ? originalKey(photoId, 'image/jpeg') : variantKey(photoId, file);
}

const contentTypeOf = (file: (typeof FILES)[number]) =>
  file === 'original' ? 'image/jpeg' : VARIANT_SPECS[file].contentType;

/** Where the shared files live on disk: a dot folder no storage key can name. */
const SHARED_FOLDER = '.seed-demo';

export interface ImageWriter {
  /** Stores each photo's files: those of its picture, under the photo's own keys. */
  write(photos: { photo: DemoPhoto; image: DemoImage }[]): Promise<void>;
}

export async function createImageWriter(storage: ObjectStorage, images: DemoImage[]): Promise<ImageWriter> {
  if (!isDiskStorage(storage)) {
    return {
      async write(photos) {
        const puts = photos.flatMap(({ photo, image }) =>
          FILES.map(
            (file) => () => storage.put(keyOf(photo.id, file), image.files[file], contentTypeOf(file)),
          ),
        );
        for (let i = 0; i < puts.length; i += PUTS_IN_FLIGHT) {
          await Promise.all(puts.slice(i, i + PUTS_IN_FLIGHT).map((put) => put()));
        }
      },
    };
  }
  // Disk: write each picture's files once, then link them under every photo's keys.
  const shared = path.join(storage.root, SHARED_FOLDER);
  await rm(shared, { recursive: true, force: true });
  const sources = new Map<DemoImage, Record<(typeof FILES)[number], string>>();
  for (const [n, image] of images.entries()) {
    const folder = path.join(shared, String(n));
    await mkdir(folder, { recursive: true });
    const files = {} as Record<(typeof FILES)[number], string>;
    for (const file of FILES) {
      files[file] = path.join(folder, path.basename(keyOf('x', file)));
      await writeFile(files[file], image.files[file]);
    }
    sources.set(image, files);
  }
  return {
    async write(photos) {
      for (const { photo, image } of photos) {
        const source = sources.get(image)!;
        await mkdir(path.dirname(diskPathOf(storage.root, keyOf(photo.id, 'thumb'))), { recursive: true });
        await Promise.all(
          FILES.map((file) => linkOrCopy(source[file], diskPathOf(storage.root, keyOf(photo.id, file)))),
        );
      }
    },
  };
}

/** A hard link where the file system has them, a copy where it does not. */
async function linkOrCopy(from: string, to: string) {
  try {
    await link(from, to);
  } catch {
    await copyFile(from, to);
  }
}
