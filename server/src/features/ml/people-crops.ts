import sharp from 'sharp';
import type { AppContext } from '../../context.js';
import { ObjectNotFoundError } from '../../platform/storage/storage.js';
import { photoPrefix, variantKey } from '../photos/service.js';

/**
 * Square face crops for the people strip. Made on first request from the photo's preview and kept
 * in storage beside the photo's other files (`photos/<photo>/faces/<face>.webp`), so deleting the
 * photo deletes them and a face that nobody ever looks at costs nothing. Making them at analysis
 * time would tie the ML job to storage writes for every face (most of which are never a cover),
 * and the preview the crop is cut from is already stored.
 */

const CROP_SIZE = 192;
/** Room around the detector's box, so a crop shows a head rather than a cut-out face. */
const CROP_MARGIN = 0.35;
/** Crops this process knows exist, so a people list costs no storage lookups once warm. */
const KNOWN_CROPS_AT_MOST = 10_000;
const knownCrops = new Set<string>();

export const faceCropKey = (photoId: string, faceId: string) => `${photoPrefix(photoId)}faces/${faceId}.webp`;

export interface FaceForCrop {
  id: string;
  photoId: string;
  status: string;
  boxX: number;
  boxY: number;
  boxWidth: number;
  boxHeight: number;
}

/** A signed URL of the face's crop, making the crop first if needed; null while there is no preview. */
export async function faceCropUrl(ctx: AppContext, face: FaceForCrop): Promise<string | null> {
  if (face.status !== 'CO') return null;
  const key = faceCropKey(face.photoId, face.id);
  if (!knownCrops.has(key)) {
    if (!(await ctx.storage.exists(key)) && !(await makeCrop(ctx, face, key))) return null;
    if (knownCrops.size >= KNOWN_CROPS_AT_MOST) knownCrops.clear();
    knownCrops.add(key);
  }
  return ctx.storage.signedUrl(key, { ttlS: ctx.config.MEDIA_URL_TTL_S });
}

async function makeCrop(ctx: AppContext, face: FaceForCrop, key: string): Promise<boolean> {
  let preview: Buffer;
  try {
    preview = await readAll(await ctx.storage.get(variantKey(face.photoId, 'preview')));
  } catch (error) {
    if (error instanceof ObjectNotFoundError) return false;
    throw error;
  }
  const image = sharp(preview, { limitInputPixels: ctx.config.MAX_INPUT_PIXELS });
  const { width = 0, height = 0 } = await image.metadata();
  if (width === 0 || height === 0) return false;
  const side = Math.max(face.boxWidth * width, face.boxHeight * height) * (1 + 2 * CROP_MARGIN);
  const size = Math.max(1, Math.min(Math.round(side), width, height));
  const centreX = (face.boxX + face.boxWidth / 2) * width;
  const centreY = (face.boxY + face.boxHeight / 2) * height;
  const left = clamp(Math.round(centreX - size / 2), 0, width - size);
  const top = clamp(Math.round(centreY - size / 2), 0, height - size);
  const crop = await image
    .extract({ left, top, width: size, height: size })
    .resize(CROP_SIZE, CROP_SIZE)
    .webp({ quality: 80 })
    .toBuffer();
  await ctx.storage.put(key, crop, 'image/webp');
  return true;
}

const clamp = (n: number, low: number, high: number) => Math.min(Math.max(n, low), high);

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}
