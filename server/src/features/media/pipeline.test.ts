/**
 * The media pipeline on images generated here with sharp (no binary fixtures). Pixel content comes
 * from a seeded generator, so every run encodes exactly the same bytes.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { thumbHashToRGBA } from 'thumbhash';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPhotoMeta, withoutLocation } from './exif.js';
import { convertHeicToJpeg, HeicUnsupportedError, heifConvertAvailable } from './heic.js';
import {
  fitInside,
  type ProcessedImage,
  processImage,
  UnsupportedImageError,
  VARIANT_SPECS,
  watermarkPlacement,
} from './pipeline.js';
import { mimeOf, SNIFF_BYTES, sniffImageType } from './sniff.js';
import { renderWatermark, watermarkSize } from './watermark.js';

const MAX_PIXELS = 50_000_000;
const run = promisify(execFile);

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'pixeli-media-test-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** Seeded xorshift noise: `channels` bytes per pixel. */
function noise(width: number, height: number, channels: 3 | 4, seed = 7): Buffer {
  const out = Buffer.alloc(width * height * channels);
  let s = seed;
  for (let i = 0; i < out.length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = s >>> 24;
  }
  return out;
}

/** Smooth "photo" content: low-resolution noise enlarged (cheap to make at any size). */
const photoLike = (width: number, height: number, seed?: number) =>
  sharp(noise(Math.ceil(width / 10), Math.ceil(height / 10), 3, seed), {
    raw: { width: Math.ceil(width / 10), height: Math.ceil(height / 10), channels: 3 },
  }).resize(width, height, { fit: 'fill', kernel: 'cubic' });

/** A 4000x3000 camera JPEG, stored sideways (orientation 6) with a red block at its stored top-left. */
async function cameraJpeg(): Promise<Buffer> {
  return photoLike(4000, 3000)
    .composite([
      { input: { create: { width: 800, height: 600, channels: 3, background: '#ff0000' } }, left: 0, top: 0 },
    ])
    .withExif({
      IFD0: { Make: 'PixeliTestCam', Model: 'PixeliModel 7' },
      IFD2: {
        DateTimeOriginal: '2024:05:06 19:30:00',
        OffsetTimeOriginal: '+02:00',
        ExposureTime: '1/250',
        FNumber: '28/10',
        ISOSpeedRatings: '400',
        FocalLength: '50/1',
        LensModel: 'Pixeli 50mm F1.8',
      },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '48/1 51/1 2430/100',
        GPSLongitudeRef: 'E',
        GPSLongitude: '2/1 17/1 4020/100',
        GPSAltitude: '35/1',
      },
    })
    .withMetadata({ orientation: 6 })
    .jpeg({ quality: 85 })
    .toBuffer();
}

/** A PNG whose header claims 20000x15000 (a decompression bomb's header) and little else. */
function pngBombHeader(width = 20_000, height = 15_000): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc((width * 3 + 1) * 4))), // four rows of zeros
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The chunk names of a WebP (RIFF) file: metadata would be EXIF, XMP or ICCP chunks. */
function webpChunks(file: Buffer): string[] {
  expect(file.toString('latin1', 0, 4)).toBe('RIFF');
  expect(file.toString('latin1', 8, 12)).toBe('WEBP');
  const names: string[] = [];
  for (let at = 12; at + 8 <= file.length; ) {
    names.push(file.toString('latin1', at, at + 4));
    at += 8 + file.readUInt32LE(at + 4) + (file.readUInt32LE(at + 4) % 2);
  }
  return names;
}

/** The marker bytes of a JPEG's segments up to its image data: metadata would be APPn (0xE1-0xEF) or COM. */
function jpegMarkers(file: Buffer): number[] {
  expect(file.readUInt16BE(0)).toBe(0xffd8);
  const markers: number[] = [];
  for (let at = 2; at + 4 <= file.length; ) {
    expect(file[at]).toBe(0xff);
    const marker = file[at + 1]!;
    markers.push(marker);
    if (marker === 0xda) break; // start of scan: entropy-coded data follows
    at += 2 + file.readUInt16BE(at + 2);
  }
  return markers;
}

/** JFIF header, quantisation and Huffman tables, frame header, start of scan: nothing else. */
const PLAIN_JPEG_MARKERS = new Set([0xe0, 0xdb, 0xc4, 0xc0, 0xc1, 0xc2, 0xdd, 0xda]);

async function expectNoMetadata(variant: Buffer) {
  const info = await sharp(variant).metadata();
  expect(['webp', 'jpeg']).toContain(info.format);
  expect(info.exif).toBeUndefined();
  expect(info.xmp).toBeUndefined();
  expect(info.icc).toBeUndefined();
  if (info.format === 'webp') {
    expect(webpChunks(variant).filter((name) => !['VP8 ', 'VP8L', 'VP8X', 'ALPH'].includes(name))).toEqual(
      [],
    );
  } else {
    expect(jpegMarkers(variant).filter((marker) => !PLAIN_JPEG_MARKERS.has(marker))).toEqual([]);
  }
  // Markers and strings that only copied metadata could contain (raw "GPS" is not searched: GPS
  // tags are binary in EXIF, and three bytes occur by chance in compressed data).
  for (const marker of ['Exif\0\0', 'PixeliTestCam', 'PixeliModel', 'ns.adobe.com', 'GPSLatitude']) {
    expect(variant.includes(Buffer.from(marker, 'latin1')), marker).toBe(false);
  }
}

async function pixels(image: Buffer) {
  const { data, info } = await sharp(image).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** Mean absolute difference per channel over a rectangle of two same-sized RGB images. */
function meanDiff(
  a: { data: Buffer; width: number },
  b: { data: Buffer },
  rect: { left: number; top: number; width: number; height: number },
): number {
  let sum = 0;
  for (let y = rect.top; y < rect.top + rect.height; y++) {
    for (let x = rect.left; x < rect.left + rect.width; x++) {
      for (let c = 0; c < 3; c++) {
        const i = (y * a.width + x) * 3 + c;
        sum += Math.abs(a.data[i]! - b.data[i]!);
      }
    }
  }
  return sum / (rect.width * rect.height * 3);
}

async function expectUnsupported(input: Buffer | string, reason: UnsupportedImageError['reason']) {
  const error = await processImage(input, { maxInputPixels: MAX_PIXELS }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UnsupportedImageError);
  expect((error as UnsupportedImageError).reason).toBe(reason);
}

const longEdge = async (image: Buffer) => {
  const { width, height } = await sharp(image).metadata();
  return Math.max(width, height);
};

describe('sniffImageType', () => {
  const ftyp = (major: string, ...compatible: string[]) => {
    const box = Buffer.alloc(16 + 4 * compatible.length);
    box.writeUInt32BE(box.length, 0);
    box.write(`ftyp${major}`, 4, 'latin1');
    compatible.forEach((brand, i) => {
      box.write(brand, 16 + 4 * i, 'latin1');
    });
    return Buffer.concat([box, Buffer.alloc(32)]);
  };

  it('recognises each accepted format by its magic bytes', async () => {
    const base = sharp({ create: { width: 8, height: 8, channels: 3, background: '#123456' } });
    expect(sniffImageType(await base.clone().jpeg().toBuffer())).toBe('jpeg');
    expect(sniffImageType(await base.clone().png().toBuffer())).toBe('png');
    expect(sniffImageType(await base.clone().webp().toBuffer())).toBe('webp');
    expect(sniffImageType(await base.clone().avif({ effort: 0 }).toBuffer())).toBe('avif');
    expect(sniffImageType(await base.clone().gif().toBuffer())).toBeNull();
    expect(sniffImageType(await base.clone().tiff().toBuffer())).toBeNull();
  });

  it('tells HEIC from AVIF by the ftyp brands', () => {
    expect(sniffImageType(ftyp('heic', 'mif1', 'heic'))).toBe('heic');
    expect(sniffImageType(ftyp('heix', 'mif1'))).toBe('heic');
    expect(sniffImageType(ftyp('hevc', 'msf1'))).toBe('heic');
    expect(sniffImageType(ftyp('mif1', 'heic'))).toBe('heic');
    expect(sniffImageType(ftyp('mif1'))).toBe('heic');
    expect(sniffImageType(ftyp('msf1', 'hevc'))).toBe('heic');
    expect(sniffImageType(ftyp('mif1', 'miaf', 'avif'))).toBe('avif');
    expect(sniffImageType(ftyp('avif', 'mif1', 'miaf'))).toBe('avif');
    expect(sniffImageType(ftyp('avis', 'msf1'))).toBe('avif');
    expect(sniffImageType(ftyp('isom', 'iso2', 'mp41'))).toBeNull(); // an MP4 video
  });

  it('says null for text, SVG, empty and too-short input', () => {
    expect(sniffImageType(Buffer.from('hello, this is not a photo\n'))).toBeNull();
    expect(sniffImageType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(sniffImageType(Buffer.alloc(0))).toBeNull();
    expect(sniffImageType(Buffer.from([0xff, 0xd8]))).toBeNull();
    expect(sniffImageType(Buffer.from('RIFF\0\0\0\0WAVE'))).toBeNull();
    expect(SNIFF_BYTES).toBeGreaterThanOrEqual(32);
    expect(mimeOf('heic')).toBe('image/heic');
    expect(mimeOf('webp')).toBe('image/webp');
  });
});

describe('processImage on a 12 MP camera JPEG (orientation 6, GPS)', () => {
  let source: Buffer;
  let result: ProcessedImage;
  beforeAll(async () => {
    source = await cameraJpeg();
    result = await processImage(source, {
      maxInputPixels: MAX_PIXELS,
      watermarkText: 'Spring Gala <2024> & Friends',
    });
  });

  it('reports the upright size and makes upright variants of the right sizes', async () => {
    expect(result.type).toBe('jpeg');
    expect([result.width, result.height]).toEqual([3000, 4000]);
    for (const [name, variant] of Object.entries(result.variants)) {
      const info = await sharp(variant).metadata();
      const expected = name === 'thumb' ? [300, 400] : [1200, 1600];
      expect([info.width, info.height], name).toEqual(expected);
      expect(await longEdge(variant)).toBe(VARIANT_SPECS[name as keyof typeof VARIANT_SPECS].longEdge);
    }
    // The red block stored at the top-left is at the top-right once turned 90° clockwise.
    const preview = await pixels(result.variants.preview);
    const at = (x: number, y: number) => [
      ...preview.data.subarray((y * 1200 + x) * 3, (y * 1200 + x) * 3 + 3),
    ];
    const [r, g, b] = at(1140, 80);
    expect(r).toBeGreaterThan(200);
    expect(g! + b!).toBeLessThan(80);
    expect(at(60, 80)).not.toEqual(at(1140, 80));
  });

  it('copies no EXIF, GPS, XMP or ICC into any variant', async () => {
    expect(source.includes(Buffer.from('Exif\0\0', 'latin1'))).toBe(true); // the check can see it
    expect(source.includes(Buffer.from('PixeliTestCam', 'latin1'))).toBe(true);
    for (const variant of Object.values(result.variants)) await expectNoMetadata(variant);
  });

  it('reads the camera facts from the original', () => {
    expect(result.meta).toMatchObject({
      make: 'PixeliTestCam',
      model: 'PixeliModel 7',
      lens: 'Pixeli 50mm F1.8',
      exposure_time: '1/250',
      f_number: 2.8,
      iso: 400,
      focal_length: 50,
      taken_at: '2024-05-06T17:30:00.000Z', // 19:30 at +02:00
      orientation: 6,
    });
    expect(result.meta.gps?.latitude).toBeCloseTo(48.85675, 5);
    expect(result.meta.gps?.longitude).toBeCloseTo(2.2945, 5);
    expect(result.meta.gps?.altitude).toBe(35);
    expect(withoutLocation(result.meta).gps).toBeUndefined();
    expect(withoutLocation(result.meta).make).toBe('PixeliTestCam');
  });

  it('puts the watermark in the bottom-right corner only', async () => {
    const clean = await pixels(result.variants.preview);
    const marked = await pixels(result.variants.watermarked);
    const place = watermarkPlacement(1200, 1600, 'Spring Gala <2024> & Friends')!;
    expect(place.logoWidth).toBe(300);
    expect(place.left).toBe(1200 - 300 - 20);
    const logoHeight = watermarkSize(300, 'Spring Gala <2024> & Friends').height;
    expect(place.top).toBe(1600 - logoHeight - 20);
    const corner = { left: place.left, top: place.top, width: place.logoWidth, height: logoHeight };
    // ~34 levels where the logo is. Elsewhere the same pixels encode to the same 8x8 JPEG blocks, so
    // only blocks that share a row of 16 px chroma with the logo could differ at all.
    expect(meanDiff(clean, marked, corner)).toBeGreaterThan(15);
    expect(meanDiff(clean, marked, { left: 0, top: 0, width: 400, height: 400 })).toBeLessThan(5);
  });

  it('makes a ThumbHash that decodes to a small portrait placeholder', () => {
    const decoded = thumbHashToRGBA(Buffer.from(result.thumbhash, 'base64'));
    expect(decoded.w).toBeLessThanOrEqual(32);
    expect(decoded.h).toBeLessThanOrEqual(32);
    expect(decoded.h).toBeGreaterThan(decoded.w);
    expect(decoded.rgba.length).toBe(decoded.w * decoded.h * 4);
  });

  it('refuses the same JPEG cut in half', async () => {
    await expectUnsupported(source.subarray(0, source.length >> 1), 'corrupt');
  });
});

describe('processImage on other inputs', () => {
  it('keeps the logo out of the thumbnail and the clean preview, whose pixels the watermarked one reuses', async () => {
    // The logo is laid into the shared preview pixels once the other variants are made from them:
    // made after that, a flat grey thumbnail or preview would carry it in its corner.
    const grey = await sharp({ create: { width: 2000, height: 1500, channels: 3, background: '#777' } })
      .jpeg()
      .toBuffer();
    const { variants } = await processImage(grey, { maxInputPixels: MAX_PIXELS, watermarkText: 'Gala' });
    const spread = async (image: Buffer) => {
      const { data } = await pixels(image);
      return data.reduce((max, v) => Math.max(max, v), 0) - data.reduce((min, v) => Math.min(min, v), 255);
    };
    expect(await spread(variants.thumb)).toBeLessThan(8);
    expect(await spread(variants.preview)).toBeLessThan(8);
    expect(await spread(variants.watermarked)).toBeGreaterThan(100);
  });

  it('never enlarges a small PNG; the thumbnail keeps its transparency, the JPEG previews show it on white', async () => {
    const rgba = noise(30, 20, 4);
    const png = await sharp(rgba, { raw: { width: 30, height: 20, channels: 4 } })
      .resize(300, 200, { fit: 'fill' })
      .png()
      .toBuffer();
    const result = await processImage(png, { maxInputPixels: MAX_PIXELS });
    expect([result.type, result.width, result.height]).toEqual(['png', 300, 200]);
    for (const [name, variant] of Object.entries(result.variants)) {
      const info = await sharp(variant).metadata();
      expect([info.format, info.width, info.height, info.hasAlpha], name).toEqual(
        name === 'thumb' ? ['webp', 300, 200, true] : ['jpeg', 300, 200, false],
      );
      await expectNoMetadata(variant);
    }
    // A fully transparent PNG: its preview is white, not black.
    const clear = await sharp({ create: { width: 64, height: 48, channels: 4, background: '#0000' } })
      .png()
      .toBuffer();
    const flat = await sharp((await processImage(clear, { maxInputPixels: MAX_PIXELS })).variants.preview)
      .raw()
      .toBuffer();
    expect(Math.min(...flat)).toBeGreaterThan(245);
    expect(result.meta).toEqual({});
    expect(result.variants.watermarked.equals(result.variants.preview)).toBe(false);
  });

  it('reads WebP and AVIF, from a buffer or a file path', async () => {
    const webp = await photoLike(900, 600, 3).webp({ quality: 80 }).toBuffer();
    const avif = await photoLike(600, 900, 5).avif({ effort: 0, quality: 50 }).toBuffer();
    const avifPath = path.join(tmp, 'photo.avif');
    await writeFile(avifPath, avif);

    const fromWebp = await processImage(webp, { maxInputPixels: MAX_PIXELS });
    expect([fromWebp.type, fromWebp.width, fromWebp.height]).toEqual(['webp', 900, 600]);
    expect(await longEdge(fromWebp.variants.thumb)).toBe(400);
    expect(await longEdge(fromWebp.variants.preview)).toBe(900);

    const fromAvif = await processImage(avifPath, { maxInputPixels: MAX_PIXELS });
    expect([fromAvif.type, fromAvif.width, fromAvif.height]).toEqual(['avif', 600, 900]);
    expect((await sharp(fromAvif.variants.thumb).metadata()).height).toBe(400);
  });

  it('refuses a pixel bomb from its header, quickly', async () => {
    const bomb = pngBombHeader();
    expect(bomb.length).toBeLessThan(2000);
    const started = performance.now();
    await expectUnsupported(bomb, 'too_many_pixels');
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('refuses text, and garbage behind an image signature', async () => {
    const textPath = path.join(tmp, 'notes.jpg');
    await writeFile(textPath, 'These are my notes, not a photo.\n');
    await expectUnsupported(textPath, 'not_an_image');
    await expectUnsupported(Buffer.from('GIF89a...'), 'not_an_image');
    await expectUnsupported(
      Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), noise(64, 64, 3)]),
      'corrupt',
    );
  });

  it('accepts a JPEG that only draws a decoder warning (stray bytes before a marker)', async () => {
    const jpeg = await photoLike(320, 240, 13).jpeg().toBuffer();
    const sos = jpeg.indexOf(Buffer.from([0xff, 0xda]));
    const stray = Buffer.concat([jpeg.subarray(0, sos), Buffer.from([0x12, 0x34, 0x56]), jpeg.subarray(sos)]);
    await expect(sharp(stray, { failOn: 'warning' }).raw().toBuffer()).rejects.toThrow(/extraneous bytes/);
    const result = await processImage(stray, { maxInputPixels: MAX_PIXELS });
    expect([result.width, result.height]).toEqual([320, 240]);
  });

  it('lets a missing file fail as itself, not as a bad image', async () => {
    const error = await processImage(path.join(tmp, 'gone.jpg'), { maxInputPixels: MAX_PIXELS }).catch(
      (e) => e,
    );
    expect(error).not.toBeInstanceOf(UnsupportedImageError);
    expect((error as NodeJS.ErrnoException).code).toBe('ENOENT');
  });
});

describe('HEIC', () => {
  it('explains what to install when heif-convert is missing', async () => {
    const missing = '/nonexistent/heif-convert';
    expect(await heifConvertAvailable(missing)).toBe(false);
    const error = await convertHeicToJpeg(path.join(tmp, 'x.heic'), { command: missing }).catch((e) => e);
    expect(error).toBeInstanceOf(HeicUnsupportedError);
    expect(error).toBeInstanceOf(UnsupportedImageError);
    expect((error as Error).message).toBe(
      'HEIC photos need heif-convert (Debian package libheif-examples) on the server.',
    );
  });

  it('converts a HEIC photo with heif-convert', async (ctx) => {
    if (!(await heifConvertAvailable()))
      ctx.skip('heif-convert is not installed (apt-get install libheif-examples)');
    const jpegPath = path.join(tmp, 'for-heic.jpg');
    await photoLike(640, 480, 11)
      .withExif({ IFD0: { Make: 'PixeliPhone', Model: 'P1' } })
      .jpeg({ quality: 90 })
      .toFile(jpegPath);
    const heicPath = path.join(tmp, 'photo.heic');
    try {
      await run('heif-enc', ['-q', '50', '-o', heicPath, jpegPath]);
    } catch (error) {
      ctx.skip(`heif-enc could not make a HEIC here: ${(error as Error).message.split('\n')[0]}`);
    }

    const fromPath = await processImage(heicPath, { maxInputPixels: MAX_PIXELS });
    expect([fromPath.type, fromPath.width, fromPath.height]).toEqual(['heic', 640, 480]);
    expect(fromPath.meta.make).toBe('PixeliPhone');
    for (const variant of Object.values(fromPath.variants)) await expectNoMetadata(variant);
    expect(await longEdge(fromPath.variants.thumb)).toBe(400);

    const fromBuffer = await processImage(await readFile(heicPath), { maxInputPixels: MAX_PIXELS });
    expect([fromBuffer.width, fromBuffer.height]).toEqual([640, 480]);

    // A HEIC too large for the limit is refused from its header, before heif-convert runs.
    const error = await processImage(heicPath, { maxInputPixels: 640 * 480 - 1 }).catch((e) => e);
    expect((error as UnsupportedImageError).reason).toBe('too_many_pixels');
  });
});

describe('readPhotoMeta', () => {
  it('returns {} for garbage and for files without EXIF', async () => {
    expect(await readPhotoMeta(Buffer.from('not an image at all'))).toEqual({});
    expect(await readPhotoMeta(noise(100, 100, 3))).toEqual({});
    const plain = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } })
      .jpeg()
      .toBuffer();
    expect(await readPhotoMeta(plain)).toEqual({});
  });

  it('never throws on a damaged EXIF block', async () => {
    const good = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } })
      .withExif({ IFD0: { Make: 'Broken' }, IFD2: { DateTimeOriginal: '0000:00:00 00:00:00' } })
      .jpeg()
      .toBuffer();
    const exifAt = good.indexOf(Buffer.from('Exif\0\0', 'latin1'));
    for (const [start, end] of [
      [exifAt + 6, exifAt + 40],
      [exifAt + 14, exifAt + 200],
      [exifAt + 20, exifAt + 24],
    ] as const) {
      const damaged = Buffer.from(good);
      damaged.fill(0xff, start, end);
      const meta = await readPhotoMeta(damaged);
      expect(meta.taken_at).toBeUndefined();
    }
  });

  it('labels a time without an offset as UTC', async () => {
    const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } })
      .withExif({
        IFD0: { Make: 'X' },
        IFD2: { DateTimeOriginal: '2023:12:31 23:59:58', ExposureTime: '3/10' },
      })
      .jpeg()
      .toBuffer();
    expect(await readPhotoMeta(jpeg)).toMatchObject({
      taken_at: '2023-12-31T23:59:58.000Z',
      exposure_time: '0.3',
    });
  });
});

describe('watermark', () => {
  it('renders a PNG with alpha at the asked width, taller with a line of text', async () => {
    const logo = await renderWatermark(400);
    const withText = await renderWatermark(400, 'Ünïcode & <tags> "quoted"');
    const info = await sharp(logo).metadata();
    const textInfo = await sharp(withText).metadata();
    expect([info.format, info.width, info.hasAlpha]).toEqual(['png', 400, true]);
    expect(info.height).toBe(watermarkSize(400).height);
    expect(textInfo.height).toBe(watermarkSize(400, 'Ünïcode & <tags> "quoted"').height);
    expect(textInfo.height).toBeGreaterThan(info.height);
    expect(await renderWatermark(400)).toBe(logo); // cached
  });

  it('fits wide panoramas and leaves tiny images unmarked', () => {
    expect(watermarkPlacement(1600, 1200)).toEqual({
      logoWidth: 400,
      left: 1180,
      top: 1200 - watermarkSize(400).height - 20,
    });
    const panorama = watermarkPlacement(1600, 90)!;
    expect(panorama.logoWidth).toBeLessThan(400);
    expect(panorama.top).toBeGreaterThanOrEqual(0);
    expect(watermarkPlacement(30, 30)).toBeNull();
    expect(fitInside(300, 200, 400)).toEqual({ width: 300, height: 200 });
    expect(fitInside(4000, 3000, 1600)).toEqual({ width: 1600, height: 1200 });
  });
});
