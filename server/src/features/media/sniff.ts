/**
 * What kind of image a file is, from its first bytes only: never from its name or the type a
 * client claimed. Only the formats listed here are ever handed to a decoder, which keeps SVG, PDF,
 * TIFF, GIF and the rest of what libvips can open away from untrusted uploads.
 */
export type ImageType = 'jpeg' | 'png' | 'webp' | 'avif' | 'heic';

/** How many leading bytes `sniffImageType` looks at (an ISO-BMFF `ftyp` box with ~12 brands). */
export const SNIFF_BYTES = 64;

const MIME: Record<ImageType, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  avif: 'image/avif',
  heic: 'image/heic',
};

export const mimeOf = (type: ImageType): string => MIME[type];

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const AVIF_BRANDS = new Set(['avif', 'avis']);
const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis']);
/** Generic HEIF brands: HEIC unless a compatible brand says AV1. */
const HEIF_GENERIC_BRANDS = new Set(['mif1', 'msf1']);

const ascii = (head: Buffer, start: number, end: number) => head.toString('latin1', start, end);

export function sniffImageType(head: Buffer): ImageType | null {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  if (head.length >= 8 && head.subarray(0, 8).equals(PNG_SIGNATURE)) return 'png';
  if (head.length >= 12 && ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP') return 'webp';
  return sniffIsoBmff(head);
}

/** HEIF/AVIF: `[size:u32][ftyp][major brand][minor version:u32][compatible brands...]`. */
function sniffIsoBmff(head: Buffer): ImageType | null {
  if (head.length < 12 || ascii(head, 4, 8) !== 'ftyp') return null;
  const boxSize = head.readUInt32BE(0);
  if (boxSize < 16 && boxSize !== 0) return null;
  const major = ascii(head, 8, 12);
  if (AVIF_BRANDS.has(major)) return 'avif';
  if (HEIC_BRANDS.has(major)) return 'heic';

  const end = Math.min(boxSize === 0 ? head.length : boxSize, head.length);
  const compatible: string[] = [];
  for (let at = 16; at + 4 <= end; at += 4) compatible.push(ascii(head, at, at + 4));
  if (compatible.some((brand) => AVIF_BRANDS.has(brand))) return 'avif';
  if (HEIF_GENERIC_BRANDS.has(major) || compatible.some((brand) => HEIC_BRANDS.has(brand))) return 'heic';
  return null; // e.g. an MP4 or QuickTime file (`isom`, `qt  `)
}

/** Why an image will never be processed: retrying cannot help, so a job should fail at once. */
export type UnsupportedImageReason = 'not_an_image' | 'corrupt' | 'too_many_pixels' | 'heic_unsupported';

/**
 * Not an image we accept, corrupt, or too large to decode. Permanent: never worth retrying.
 * Defined here (the lowest module) so `heic.ts` can extend it without an import cycle; the
 * pipeline re-exports it.
 */
export class UnsupportedImageError extends Error {
  override name = 'UnsupportedImageError';
  constructor(
    readonly reason: UnsupportedImageReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
