import type { AppContext, EmbedSelfie } from '../../context.js';
import { AppError } from '../../errors.js';
import { AnalysisError } from './analyser.js';
import { decodeForAnalysis } from './decode.js';
import { analyserOf } from './models.js';

/** How long a person waits for their selfie's face before being told to try again. */
const SELFIE_TIMEOUT_MS = 15_000;

/**
 * Find-me's selfie, read in memory only: decoded, analysed by the same worker as the photos, and
 * reduced to the descriptor of its clearest face (most detector confidence × quality); nothing of it
 * is written anywhere, and the pixels go with this call.
 */
export function selfieEmbedderOf(ctx: AppContext): EmbedSelfie | undefined {
  const analyser = analyserOf(ctx);
  if (!analyser) return undefined;
  const config = ctx.config;
  return async (image) => {
    try {
      const input = await decodeForAnalysis(image, {
        maxSidePx: config.ML_ANALYSIS_SIZE_PX,
        maxInputPixels: config.MAX_INPUT_PIXELS,
      });
      const { faces } = await analyser.analyse(input, { timeoutMs: SELFIE_TIMEOUT_MS });
      const clearest = faces.toSorted((a, b) => b.score * b.quality - a.score * a.quality)[0];
      return clearest?.embedding ?? null;
    } catch (error) {
      if (error instanceof AnalysisError && error.code === 'bad_input') {
        throw new AppError(400, 'unreadable_image', 'This picture could not be read. Try another.');
      }
      if (error instanceof AnalysisError && error.code === 'timeout') {
        throw new AppError(
          503,
          'face_model_busy',
          'Finding faces is taking too long right now. Try again soon.',
        );
      }
      throw error;
    }
  };
}
