/**
 * Turns an uploaded original into what the site serves: a 400 px thumbnail, a clean 1600 px
 * preview, the same preview with the Pixel-i watermark, a ThumbHash placeholder, and the camera
 * facts (PhotoMeta). Pure: no database, no storage, no HTTP; the caller stores the buffers under
 * the keys `VARIANT_SPECS` describes.
 *
 * Decode once. Decoding a 12 MP JPEG is the expensive step, so the original is decoded exactly
 * one time: sniffed by magic bytes, its header checked against `maxInputPixels` (a pixel bomb is
 * refused before any pixel is decoded), then decoded with `limitInputPixels` still on, turned
 * upright from its EXIF orientation (`rotate()`), shrunk (never enlarged) to a master of at most
 * 1600 px on the long edge, converted to 8-bit sRGB and materialised as raw pixels. Every variant
 * is derived from that in-memory master: the preview pixels are resized once and shared by the
 * clean and the watermarked preview (so they differ only where the logo is), the thumbnail and
 * the ThumbHash are resized from the master. Encoding runs in parallel on libuv's thread pool.
 *
 * Refusing bad files: `failOn: 'error'` makes libvips abort on truncated or corrupt pixel data
 * (a JPEG cut in half is refused rather than stored half grey) while still accepting files with
 * mere warnings, such as the stray bytes some cameras leave between JPEG markers. Everything that
 * is the file's fault becomes `UnsupportedImageError` (never worth retrying); anything else (a
 * missing file, out of memory, a timed-out converter) propagates as is.
 *
 * Metadata: outputs are encoded without `withMetadata()`, so no EXIF, GPS, XMP or ICC profile is
 * copied (sharp converts to sRGB instead). Camera facts come from the original via exifr.
 *
 * Formats: JPEG, PNG, WebP and AVIF are decoded by sharp; HEIC is first converted by
 * heif-convert (see heic.ts), whose output is already upright. The thumbnail is WebP: a grid loads
 * dozens at once, WebP is about a quarter smaller than JPEG there and keeps PNG transparency, and
 * at 400 px it costs ~20 ms. The two 1600 px previews are baseline JPEG from libjpeg-turbo (as
 * Immich's previews are): ~19 ms each against ~90 ms for WebP at effort 2 and ~185 ms at effort 4,
 * for files ~18 % larger than WebP (BENCHMARKS.md). Encoding was three quarters of the pipeline's
 * CPU, and an event's whole upload waits on it. Transparent images are flattened onto white in the
 * previews only. AVIF would be smaller still but costs seconds per image to encode on a CPU.
 */
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp, { type Metadata, type Sharp } from 'sharp';
import { rgbaToThumbHash } from 'thumbhash';
import { type PhotoMeta, readPhotoMeta } from './exif.js';
import { convertHeicToJpeg, removeHeicOutput } from './heic.js';
import { type ImageType, SNIFF_BYTES, sniffImageType, UnsupportedImageError } from './sniff.js';
import { renderWatermark, watermarkSize } from './watermark.js';

export { UnsupportedImageError } from './sniff.js';

export type VariantName = 'thumb' | 'preview' | 'watermarked';

export interface VariantSpec {
  /** Longest side in pixels; smaller images keep their size (never upscaled). */
  longEdge: number;
  format: 'webp' | 'jpeg';
  contentType: string;
  /** Last part of the storage key: `photos/<id>/<keySuffix>`; its extension names the type. */
  keySuffix: string;
  quality: number;
  watermark: boolean;
}

export const VARIANT_SPECS: Readonly<Record<VariantName, Readonly<VariantSpec>>> = {
  thumb: {
    longEdge: 400,
    format: 'webp',
    contentType: 'image/webp',
    keySuffix: 'thumb.webp',
    quality: 75,
    watermark: false,
  },
  preview: {
    longEdge: 1600,
    format: 'jpeg',
    contentType: 'image/jpeg',
    keySuffix: 'preview.jpg',
    quality: 82,
    watermark: false,
  },
  watermarked: {
    longEdge: 1600,
    format: 'jpeg',
    contentType: 'image/jpeg',
    keySuffix: 'watermarked.jpg',
    quality: 82,
    watermark: true,
  },
};

/** JPEG has no transparency: a transparent PNG's previews show it on white. */
const JPEG_BACKGROUND = { r: 255, g: 255, b: 255 };

/**
 * The master every variant is derived from: long edge at most this many pixels, the size of the
 * largest variant. libjpeg then decodes a 12 MP photo at half size (2000 px, DCT scaling) instead
 * of whole: a quarter of the pixels in memory (9 MB instead of 36 MB a photo), and the preview is
 * the master itself.
 */
export const MASTER_LONG_EDGE = 1600;
/** The logo is this fraction of the watermarked image's width, this many px from the corner. */
export const WATERMARK_WIDTH_FRACTION = 0.25;
export const WATERMARK_PADDING = 20;
const THUMBHASH_LONG_EDGE = 100;

export interface ProcessOptions {
  /** Refuse images with more pixels than this (width × height of the original). */
  maxInputPixels: number;
  /** A line of text under the logo on the watermarked variant, e.g. the event's name. */
  watermarkText?: string;
}

export interface ProcessedImage {
  /** What the original is, by its magic bytes. */
  type: ImageType;
  /** Of the original, after EXIF orientation (a portrait phone photo is taller than wide). */
  width: number;
  height: number;
  /** ThumbHash of the image, base64. */
  thumbhash: string;
  /** From the original's EXIF; includes GPS, so strip it with `withoutLocation` where needed. */
  meta: PhotoMeta;
  variants: Record<VariantName, Buffer>;
}

interface Master {
  data: Buffer;
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
}

/** Decodes `input` (a buffer, or a file path) once and derives every variant from it. */
export async function processImage(input: Buffer | string, options: ProcessOptions): Promise<ProcessedImage> {
  const { maxInputPixels } = options;
  if (!Number.isInteger(maxInputPixels) || maxInputPixels < 1) {
    throw new RangeError(`maxInputPixels must be a positive integer, not ${maxInputPixels}`);
  }

  const type = sniffImageType(await readHead(input));
  if (!type) {
    throw new UnsupportedImageError('not_an_image', 'The file is not a JPEG, PNG, WebP, AVIF or HEIC image.');
  }
  const header = await checkHeader(input, maxInputPixels);

  const metaRead = readPhotoMeta(input);
  const decoded =
    type === 'heic'
      ? await decodeHeic(input, maxInputPixels)
      : await decode(input, maxInputPixels, true, header);
  let meta = await metaRead;
  if (type === 'heic' && Object.keys(meta).length === 0 && decoded.meta) meta = decoded.meta;

  const { variants, thumbhash } = await deriveVariants(decoded.master, options.watermarkText);
  return { type, width: decoded.width, height: decoded.height, thumbhash, meta, variants };
}

async function readHead(input: Buffer | string): Promise<Buffer> {
  if (Buffer.isBuffer(input)) return input.subarray(0, SNIFF_BYTES);
  const file = await open(input, 'r'); // a missing file is not the image's fault: let it propagate
  try {
    const head = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await file.read(head, 0, SNIFF_BYTES, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

const DECODABLE = new Set(['jpeg', 'png', 'webp', 'heif']);

/** Reads only the header (no pixels) to refuse a pixel bomb with a clear reason, in ~1 ms. */
async function checkHeader(input: Buffer | string, maxInputPixels: number): Promise<Metadata> {
  let header: Metadata;
  try {
    header = await sharp(input, { limitInputPixels: false }).metadata();
  } catch (error) {
    throw decodeFailure(error);
  }
  const { width, height, format } = header;
  if (!width || !height || !DECODABLE.has(format)) {
    throw new UnsupportedImageError('corrupt', 'The image header could not be read.');
  }
  if (width * height > maxInputPixels) {
    throw new UnsupportedImageError(
      'too_many_pixels',
      `The image is ${width}×${height} pixels; at most ${maxInputPixels} pixels are accepted.`,
    );
  }
  return header;
}

interface Decoded {
  master: Master;
  /** Size of the whole image, upright. */
  width: number;
  height: number;
  /** HEIC only: EXIF read from heif-convert's JPEG, when the original's could not be read. */
  meta?: PhotoMeta;
}

/** `header`, when the caller has read it already, spares opening the file once more. */
async function decode(
  input: Buffer | string,
  maxInputPixels: number,
  autoOrient: boolean,
  header?: Metadata,
): Promise<Decoded> {
  try {
    let image = sharp(input, { limitInputPixels: maxInputPixels, failOn: 'error' });
    if (autoOrient) image = image.rotate();
    const { data, info } = await image
      .resize({
        width: MASTER_LONG_EDGE,
        height: MASTER_LONG_EDGE,
        fit: 'inside',
        withoutEnlargement: true,
      })
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    const { width, height, orientation } =
      header ?? (await sharp(input, { limitInputPixels: false }).metadata());
    const upright = autoOrient && (orientation ?? 1) >= 5;
    return {
      master: { data, width: info.width, height: info.height, channels: info.channels },
      width: upright ? height : width,
      height: upright ? width : height,
    };
  } catch (error) {
    throw decodeFailure(error);
  }
}

/** Converted by heif-convert, which applies the HEIF rotation itself: no EXIF rotation after it. */
async function decodeHeic(input: Buffer | string, maxInputPixels: number): Promise<Decoded> {
  let tempDir: string | undefined;
  let jpegPath: string | undefined;
  try {
    let heicPath: string;
    if (Buffer.isBuffer(input)) {
      tempDir = await mkdtemp(path.join(os.tmpdir(), 'pixeli-upload-'));
      heicPath = path.join(tempDir, 'photo.heic');
      await writeFile(heicPath, input);
    } else {
      heicPath = input;
    }
    jpegPath = await convertHeicToJpeg(heicPath);
    const jpeg = jpegPath;
    const [decoded, meta] = await Promise.all([decode(jpeg, maxInputPixels, false), readPhotoMeta(jpeg)]);
    return { ...decoded, meta };
  } finally {
    if (jpegPath) await removeHeicOutput(jpegPath);
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  }
}

/** Failures that say nothing about the file: retrying later may work. */
const TRANSIENT =
  /out of memory|cannot allocate|ENOMEM|EMFILE|ENFILE|ENOSPC|Input file is missing|ENOENT|EACCES/i;

function decodeFailure(error: unknown): Error {
  if (error instanceof UnsupportedImageError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (TRANSIENT.test(message)) return error instanceof Error ? error : new Error(message);
  if (/pixel limit/i.test(message)) {
    return new UnsupportedImageError('too_many_pixels', 'The image has too many pixels.', { cause: error });
  }
  return new UnsupportedImageError('corrupt', `The image could not be decoded (${message.trim()}).`, {
    cause: error,
  });
}

/** Size that fits inside a `longEdge` square, keeping the aspect ratio; never larger than now. */
export function fitInside(
  width: number,
  height: number,
  longEdge: number,
): { width: number; height: number } {
  const scale = Math.min(1, longEdge / Math.max(width, height));
  if (scale === 1) return { width, height };
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
  };
}

const rawOf = (image: { width: number; height: number; channels: Master['channels'] }) => ({
  raw: { width: image.width, height: image.height, channels: image.channels },
});

function resized(master: Master, size: { width: number; height: number }): Sharp {
  const image = sharp(master.data, rawOf(master));
  return size.width === master.width && size.height === master.height
    ? image
    : image.resize({ width: size.width, height: size.height, fit: 'fill' });
}

/** Encodes as the variant's spec says. WebP at libwebp's default effort (4): only thumbnails use it. */
function encode(image: Sharp, name: VariantName): Promise<Buffer> {
  const { format, quality } = VARIANT_SPECS[name];
  if (format === 'webp') return image.webp({ quality }).toBuffer();
  // Baseline, Huffman-optimised, 4:2:0: progressive scans cost ~80 % more CPU for ~2 % smaller files.
  return image.flatten({ background: JPEG_BACKGROUND }).jpeg({ quality, optimiseCoding: true }).toBuffer();
}

/**
 * Every variant and the ThumbHash from the master. The watermarked preview is the clean preview's
 * pixels with the logo laid in: everything that reads the clean pixels runs first, side by side,
 * then the logo goes into those same pixels in place and the watermarked copy encodes. A copy of
 * the pixels instead would be one more 6 MB Buffer per photo for the garbage collector to chase.
 */
async function deriveVariants(
  master: Master,
  watermarkText?: string,
): Promise<{ variants: Record<VariantName, Buffer>; thumbhash: string }> {
  // The preview pixels are made once and shared, so both previews are identical off the logo.
  const previewSize = fitInside(master.width, master.height, VARIANT_SPECS.preview.longEdge);
  const preview: Master =
    previewSize.width === master.width && previewSize.height === master.height
      ? master
      : {
          ...previewSize,
          channels: master.channels,
          data: await resized(master, previewSize).raw().toBuffer(),
        };

  const thumbSize = fitInside(master.width, master.height, VARIANT_SPECS.thumb.longEdge);
  const [thumb, clean, thumbhash, logo] = await Promise.all([
    encode(resized(master, thumbSize), 'thumb'),
    encode(sharp(preview.data, rawOf(preview)), 'preview'),
    thumbHashOf(master),
    watermarkPatch(preview, watermarkText),
  ]);
  const watermarked = await encode(withWatermark(preview, logo), 'watermarked');
  return { variants: { thumb, preview: clean, watermarked }, thumbhash };
}

/** Where the logo goes: 25 % of the width, 20 px from the bottom-right corner (as the original). */
export function watermarkPlacement(
  width: number,
  height: number,
  text?: string,
): { logoWidth: number; left: number; top: number } | null {
  // Tiny images get a proportionally smaller margin; 20 px from 400 px up.
  const padding = Math.min(WATERMARK_PADDING, Math.floor(Math.min(width, height) * 0.05));
  const room = height - 2 * padding;
  let logoWidth = Math.round(width * WATERMARK_WIDTH_FRACTION);
  if (logoWidth < 1 || room < 1) return null;
  let logoHeight = watermarkSize(logoWidth, text).height;
  if (logoHeight > room) {
    // A very wide panorama: shrink the logo to its height.
    logoWidth = Math.floor((logoWidth * room) / logoHeight);
    if (logoWidth < 1) return null;
    logoHeight = watermarkSize(logoWidth, text).height;
  }
  // Below ~12 px the mark is a smudge: such a thumbnail-sized image carries none.
  if (logoWidth < 12 || logoHeight > room) return null;
  return { logoWidth, left: width - logoWidth - padding, top: height - logoHeight - padding };
}

interface WatermarkPatch {
  left: number;
  top: number;
  width: number;
  height: number;
  /** The preview's pixels under the logo with the logo composited on them: opaque, 3 or 4 bands. */
  pixels?: { data: Buffer; channels: number };
  /** Only for a preview of fewer than 3 bands (never met: the master is sRGB): composite it whole. */
  logo?: Buffer;
}

/**
 * The rectangle under the logo, composited as the whole preview would be (flattened on white
 * first, as the JPEG encode flattens it). libvips blends every pixel of the image it composites
 * onto (15 ms of a 1600 px preview's 33), so only this rectangle is blended: the same JPEG bytes
 * for about a millisecond. Reads the preview's pixels, never writes them.
 */
async function watermarkPatch(preview: Master, text?: string): Promise<WatermarkPatch | null> {
  const place = watermarkPlacement(preview.width, preview.height, text);
  if (!place) return null;
  const logo = await renderWatermark(place.logoWidth, text);
  const region = {
    left: place.left,
    top: place.top,
    width: place.logoWidth,
    height: watermarkSize(place.logoWidth, text).height,
  };
  if (preview.channels < 3) return { ...region, logo };
  const { data, info } = await sharp(preview.data, rawOf(preview))
    .extract(region)
    .flatten({ background: JPEG_BACKGROUND })
    .composite([{ input: logo }])
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { ...region, pixels: { data, channels: info.channels } };
}

/**
 * The preview with the patch laid into its pixels, IN PLACE: call it once nothing else reads them.
 * A preview with alpha is made opaque under the logo, as compositing onto the flattened whole is.
 */
function withWatermark(preview: Master, patch: WatermarkPatch | null): Sharp {
  const image = sharp(preview.data, rawOf(preview));
  if (!patch) return image;
  if (!patch.pixels) return image.composite([{ input: patch.logo, left: patch.left, top: patch.top }]);
  const { data, channels } = patch.pixels;
  layOpaque(preview.data, preview.width, preview.channels, data, channels, patch);
  return image;
}

/**
 * The copy itself, on typed arrays and numbers only: called with objects of several shapes, the
 * optimised loop was thrown away and rebuilt for nearly every photo.
 */
function layOpaque(
  target: Uint8Array,
  targetWidth: number,
  targetChannels: number,
  source: Uint8Array,
  sourceChannels: number,
  { left, top, width, height }: { left: number; top: number; width: number; height: number },
) {
  for (let y = 0; y < height; y++) {
    let from = y * width * sourceChannels;
    let to = ((top + y) * targetWidth + left) * targetChannels;
    for (let x = 0; x < width; x++, from += sourceChannels, to += targetChannels) {
      target[to] = source[from]!;
      target[to + 1] = source[from + 1]!;
      target[to + 2] = source[from + 2]!;
      if (targetChannels === 4) target[to + 3] = 255;
    }
  }
}

async function thumbHashOf(master: Master): Promise<string> {
  const size = fitInside(master.width, master.height, THUMBHASH_LONG_EDGE);
  const { data, info } = await resized(master, size)
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 4) throw new Error(`thumbhash needs RGBA, got ${info.channels} channels`);
  return Buffer.from(rgbaToThumbHash(info.width, info.height, data)).toString('base64');
}
