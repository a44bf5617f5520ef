import { buffer } from 'node:stream/consumers';
import type { AppContext } from '../../context.js';
import { PermanentJobError } from '../../platform/queue/queue.js';
import { variantKey } from '../photos/service.js';
import { type Analyser, AnalysisError } from './analyser.js';
import * as repo from './analysis-repo.js';
import { type Clip, clipOf } from './clip/clip.js';
import { saveEmbedding } from './clip/embeddings-repo.js';
import { clipPixelValues } from './clip/preprocess.js';
import { mergeAutoTags } from './clip/zero-shot.js';
import { decodeForAnalysis } from './decode.js';
import { analyserOf } from './models.js';
import { storeFaces } from './people-store.js';

/**
 * The analyse step of a photo (issue 13): auto tags and faces, after its variants; with CLIP
 * configured also its CLIP embedding and zero-shot tags. Faces (ML) and CLIP (CLIP_MODEL_DIR) are
 * switched separately, and the step runs when either is on.
 *
 * Its own job, not a tail of the processing job: a photo is `CO` and in its gallery as soon as its
 * variants are stored, and a slow or failing analysis retries on its own without touching them.
 * It reads the stored 1,600 px preview back and shrinks it while decoding (~15 ms, against ~700 ms of
 * analysis) rather than carrying megabytes of pixels through the queue, which on Redis would cross
 * the network; the same path serves `pixeli analyse` for photos stored before analysis existed.
 */
export type AnalyseOutcome = 'done' | 'skipped' | 'off';

export async function analysePhoto(
  ctx: AppContext,
  photoId: string,
  options: { redo?: boolean } = {},
): Promise<AnalyseOutcome> {
  const db = ctx.database.db;
  const photo = await repo.photoToAnalyse(db, photoId);
  // Gone, not processed yet (its own job queues this one), or done already.
  if (photo?.status !== 'CO') return 'skipped';
  if (photo.analysisState === 'done' && !options.redo) return 'skipped';
  const analyser = analyserOf(ctx);
  const clip = clipOf(ctx);
  if (!analyser && !clip) {
    await repo.setAnalysisState(db, photoId, 'off', null);
    return 'off';
  }

  const { analysis, sight } = await analyseStoredPreview(
    ctx,
    { analyser, clip },
    photoId,
    localHourOf(photo.meta),
  );
  await ctx.transaction(async (tx) => {
    await repo.saveAnalysis(tx, photoId, mergeAutoTags(analysis?.autoTags ?? [], sight?.tags ?? []));
    // Without the face models, faces found earlier stay as they were.
    if (analysis) await storeFaces(ctx, tx, { id: photoId }, analysis.faces);
    if (sight) await saveEmbedding(tx, photoId, sight.model, sight.embedding);
  });
  return 'done';
}

async function analyseStoredPreview(
  ctx: AppContext,
  models: { analyser: Analyser | undefined; clip: Clip | undefined },
  photoId: string,
  localHour: number | undefined,
) {
  try {
    const preview = await buffer(await ctx.storage.get(variantKey(photoId, 'preview')));
    const input = await decodeForAnalysis(preview, {
      maxSidePx: ctx.config.ML_ANALYSIS_SIZE_PX,
      maxInputPixels: ctx.config.MAX_INPUT_PIXELS,
    });
    // Both work from the same decoded pixels (the face analyser's process gets a copy of them).
    const clipInput = models.clip ? await clipPixelValues(input) : undefined;
    const [analysis, sight] = await Promise.all([
      models.analyser?.analyse({ ...input, localHour }),
      clipInput && models.clip?.see(clipInput),
    ]);
    return { analysis, sight };
  } catch (error) {
    // A preview that does not decode will not decode on the next try either.
    if (error instanceof AnalysisError && error.code === 'bad_input')
      throw new PermanentJobError(error.message);
    throw error;
  }
}

/**
 * The hour on the camera's clock. EXIF times are stored as instants (`taken_at`, UTC); cameras
 * that write no time zone are read as UTC, so for them this is their own clock's hour. A phone that
 * wrote its offset is off by that offset, which only the day/night tags feel.
 */
function localHourOf(meta: Record<string, unknown>): number | undefined {
  const takenAt = typeof meta.taken_at === 'string' ? new Date(meta.taken_at) : undefined;
  return takenAt && !Number.isNaN(takenAt.getTime()) ? takenAt.getUTCHours() : undefined;
}

/** The reason a photographer or an operator reads when every try failed. */
export async function markAnalysisFailed(ctx: AppContext, photoId: string, error: Error) {
  ctx.log.warn({ photoId, err: error }, 'photo analysis failed');
  const reason =
    error instanceof PermanentJobError || error instanceof AnalysisError
      ? error.message
      : 'Analysis failed; `pixeli analyse` tries again.';
  await repo.setAnalysisState(ctx.database.db, photoId, 'failed', reason.slice(0, 500));
}

/** Queues the analysis of a photo whose variants were just committed (nothing with ML=off and no CLIP). */
export async function queueAnalysis(ctx: AppContext, photoId: string) {
  if (!analyserOf(ctx) && !clipOf(ctx)) return;
  await ctx.queue.enqueue('analyse-photo', { photoId }, { jobId: `analyse-${photoId}` });
}

/** Consumes analysis jobs in this process, and queues again what a restart left waiting. */
export async function startAnalysisWorker(ctx: AppContext) {
  if (!analyserOf(ctx) && !clipOf(ctx)) return;
  ctx.queue.work('analyse-photo', (data) => analysePhoto(ctx, data.photoId).then(() => {}), {
    // One analyser process takes one photo at a time; more jobs in flight would only queue there.
    concurrency: 1,
    maxAttempts: ctx.config.JOB_MAX_ATTEMPTS,
    onFailed: (data, error) => markAnalysisFailed(ctx, data.photoId, error),
  });
  for (const photoId of await repo.pendingAnalysisIds(ctx.database.db)) await queueAnalysis(ctx, photoId);
}
