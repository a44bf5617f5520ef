import sharp from 'sharp';
import type { AnalysisInput } from './analyser.js';
import { AnalysisError } from './analyser.js';

export interface DecodeOptions {
  /** The longest side of the copy (ML_ANALYSIS_SIZE_PX). */
  maxSidePx: number;
  /** Refuse images with more pixels than this (MAX_INPUT_PIXELS), as the pipeline does. */
  maxInputPixels: number;
}

/**
 * A file or an upload decoded to what the analyser takes: upright (EXIF orientation applied), sRGB,
 * no alpha, at most `maxSidePx` on its long side. For the CLI, selfies and tests; the photo
 * pipeline hands over the copy it already decoded.
 */
export async function decodeForAnalysis(
  source: string | Buffer,
  options: DecodeOptions,
): Promise<AnalysisInput> {
  try {
    const { data, info } = await sharp(source, { limitInputPixels: options.maxInputPixels })
      .rotate()
      .resize({
        width: options.maxSidePx,
        height: options.maxSidePx,
        fit: 'inside',
        withoutEnlargement: true,
      })
      .toColourspace('srgb')
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`decoded to ${info.channels} channels, not RGB`);
    return {
      pixels: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      width: info.width,
      height: info.height,
    };
  } catch (error) {
    throw new AnalysisError('bad_input', `not an image that can be analysed: ${(error as Error).message}`);
  }
}
