import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import sharp from 'sharp';
import type { AppContext } from '../../context.js';
import { PermanentJobError } from '../../platform/queue/queue.js';
import { processImage, UnsupportedImageError, VARIANT_SPECS } from '../media/service.js';
import { queueAnalysis, startAnalysisWorker } from '../ml/service.js';
import { originalKey, variantKey } from './keys.js';
import * as repo from './repo.js';

/**
 * The background half of an upload: original -> rotated, resized, watermarked variants, EXIF
 * meta and a placeholder. The row is the truth: `PE -> PR -> CO`, or `FA` with a readable reason.
 * Safe to run twice (a retry or a requeue after a crash overwrites the same keys).
 */
export async function processPhoto(ctx: AppContext, photoId: string): Promise<void> {
  const db = ctx.database.db;
  const photo = await repo.startProcessing(db, photoId);
  if (!photo) return; // deleted meanwhile, or already done

  let downloaded: string | undefined;
  try {
    const key = originalKey(photoId, photo.originalType);
    // On disk the stored original is read where it lies; from S3 it is fetched to a file first.
    let originalPath = ctx.storage.localPath(key);
    if (!originalPath) {
      downloaded = await download(ctx, key, photoId);
      originalPath = downloaded;
    }
    // processImage converts HEIC itself, after checking its pixel count.
    const result = await processImage(originalPath, {
      maxInputPixels: ctx.config.MAX_INPUT_PIXELS,
      watermarkText: photo.watermarkText ?? undefined,
    });
    await Promise.all([
      ctx.storage.put(variantKey(photoId, 'thumb'), result.variants.thumb, VARIANT_SPECS.thumb.contentType),
      ctx.storage.put(
        variantKey(photoId, 'preview'),
        result.variants.preview,
        VARIANT_SPECS.preview.contentType,
      ),
      ctx.storage.put(
        variantKey(photoId, 'watermarked'),
        result.variants.watermarked,
        VARIANT_SPECS.watermarked.contentType,
      ),
    ]);
    const takenAt = typeof result.meta.taken_at === 'string' ? new Date(result.meta.taken_at) : undefined;
    const done = {
      status: 'CO' as const,
      processingError: null,
      width: result.width,
      height: result.height,
      thumbhash: result.thumbhash,
      meta: result.meta as Record<string, unknown>,
      // A photo processed again (a retry, a redo) is analysed again; with ML off it never will be.
      analysisState: ctx.config.ML === 'on' ? ('pending' as const) : ('off' as const),
      // EXIF gives the moment the photo was taken, unless the uploader said otherwise.
      ...(!photo.timestampFromClient && takenAt && !Number.isNaN(takenAt.getTime())
        ? { timestamp: takenAt }
        : {}),
    };
    // The uploader and the event's open galleries hear of it once it is committed.
    await ctx.transaction(async (tx, record) => {
      await repo.saveProcessed(tx, photoId, done);
      await record({ type: 'photo_processed', photo });
    });
    await queueAnalysis(ctx, photoId);
  } catch (error) {
    if (error instanceof UnsupportedImageError) {
      throw new PermanentJobError(error.message);
    }
    throw error;
  } finally {
    if (downloaded) await rm(downloaded, { force: true });
  }
}

/** The original fetched from remote storage into a work file of its own; the caller removes it. */
async function download(ctx: AppContext, key: string, photoId: string): Promise<string> {
  const workDir = path.join(ctx.config.DATA_DIR, 'tmp', 'processing');
  await mkdir(workDir, { recursive: true });
  const file = path.join(workDir, `${photoId}-${randomBytes(4).toString('hex')}`);
  try {
    await pipeline(await ctx.storage.get(key), createWriteStream(file, { mode: 0o600 }));
  } catch (error) {
    await rm(file, { force: true });
    throw error;
  }
  return file;
}

/** A photo whose every try failed is marked failed, with the reason its photographer will read. */
async function markFailed(ctx: AppContext, photoId: string, error: Error) {
  ctx.log.warn({ photoId, err: error }, 'photo processing failed');
  const reason =
    error instanceof PermanentJobError ? error.message : 'Processing failed. Try uploading again.';
  // The uploader hears of it, in a notification and on their sockets.
  await ctx.transaction(async (tx, record) => {
    const failed = await repo.markPhotoFailed(tx, photoId, reason);
    if (failed) await record({ type: 'photo_failed', photo: failed });
  });
}

/** Consumes photo jobs in this process, and queues again whatever a crash left unfinished. */
export async function startPhotoWorker(ctx: AppContext): Promise<void> {
  // Every photo is new to libvips: its operation cache would only hold memory.
  sharp.cache(false);
  ctx.queue.work('process-photo', (data) => processPhoto(ctx, data.photoId), {
    concurrency: ctx.config.PROCESSING_CONCURRENCY,
    maxAttempts: ctx.config.JOB_MAX_ATTEMPTS,
    onFailed: (data, error) => markFailed(ctx, data.photoId, error),
  });
  await startAnalysisWorker(ctx);
  await sweepStaleTempFiles(path.join(ctx.config.DATA_DIR, 'tmp'));
  const unfinished = await repo.unfinishedPhotoIds(ctx.database.db);
  for (const photoId of unfinished) await ctx.queue.enqueue('process-photo', { photoId }, { jobId: photoId });
  if (unfinished.length > 0) ctx.log.info({ count: unfinished.length }, 'queued unfinished photos again');
}

/**
 * A process killed mid-job leaves its temporary copies behind. Several workers may share a data
 * folder, so only files untouched for a day are removed: no live job holds one that long.
 */
async function sweepStaleTempFiles(tmpDir: string) {
  const dayAgo = Date.now() - 86_400_000;
  for (const sub of ['processing', 'uploads']) {
    const dir = path.join(tmpDir, sub);
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names) {
      const file = path.join(dir, name);
      const info = await stat(file).catch(() => undefined);
      if (info && info.mtimeMs < dayAgo) await rm(file, { recursive: true, force: true });
    }
  }
}
