import sharp from 'sharp';

/** The square CLIP ViT-B/32 looks at. */
export const CLIP_IMAGE_SIZE = 224;
/** The per-channel mean and spread of CLIP's training images (its preprocessor's constants). */
const MEAN = [0.48145466, 0.4578275, 0.40821073] as const;
const STD = [0.26862954, 0.26130258, 0.27577711] as const;

export interface RgbImage {
  /** 8-bit RGB, row by row. */
  pixels: Uint8Array;
  width: number;
  height: number;
}

/**
 * An image as CLIP's vision encoder reads it: shortest side scaled to 224 (bicubic), the centre
 * 224 x 224 cut out, each channel scaled to 0..1 then normalised by CLIP's mean and spread, laid
 * out channel by channel (NCHW, one image). Takes the already decoded, upright copy the analysis
 * reads, so the photo is decoded once.
 */
export async function clipPixelValues(image: RgbImage): Promise<Float32Array> {
  const { data, info } = await sharp(image.pixels, {
    raw: { width: image.width, height: image.height, channels: 3 },
  })
    .resize(CLIP_IMAGE_SIZE, CLIP_IMAGE_SIZE, { fit: 'cover', position: 'centre', kernel: 'cubic' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`resized to ${info.channels} channels, not RGB`);
  const plane = CLIP_IMAGE_SIZE * CLIP_IMAGE_SIZE;
  const out = new Float32Array(3 * plane);
  for (let i = 0; i < plane; i++) {
    for (let c = 0; c < 3; c++) out[c * plane + i] = (data[i * 3 + c]! / 255 - MEAN[c]!) / STD[c]!;
  }
  return out;
}
