import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { importBuilt, sharp } from '../server-deps.mjs';

/**
 * The two measurements that run inside this process, with no server: the floor (the least any
 * pipeline must do per photo) and the server's own processImage alone (no HTTP, database or
 * storage), both at the worker's concurrency, so the whole-pipeline number can be split into
 * "image work" and "everything around it".
 */

/**
 * The floor: decode each photo and write one 1600 px baseline JPEG at quality 82, the format and
 * size the previews are served in, and the least any pipeline must do to serve a photo. Fixed
 * here, not read from the pipeline: a cheaper pipeline setting must show as a better ratio, not
 * move the floor with it.
 */
export const FLOOR_LONG_EDGE = 1600;
export const FLOOR_JPEG = { quality: 82 };
/**
 * The floor until issue 12: one 1600 px WebP at quality 82, effort 4, what the previews were when
 * this benchmark was written. The pipeline no longer makes it; it is still measured so that a run
 * can be set beside the runs before (their ratios are against it), and judges nothing.
 */
export const FLOOR_WEBP = { quality: 82, effort: 4 };
/** Both processImage runs (here and in the server's event) draw the same watermark line. */
export const WATERMARK_TEXT = 'Ingest benchmark';

/** Runs `work` over `items`, at most `limit` at a time, in order of start. */
export async function mapLimit(items, limit, work) {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index], index);
    }
  });
  await Promise.all(lanes);
}

/**
 * Wall and CPU seconds (this process, every thread) for `work` over every file, after one untimed
 * run that loads libvips and warms the JIT.
 */
async function timed(files, concurrency, work) {
  await work(files[0], -1);
  const cpu = process.cpuUsage();
  const start = performance.now();
  await mapLimit(files, concurrency, work);
  const { user, system } = process.cpuUsage(cpu);
  return { seconds: (performance.now() - start) / 1000, cpuSeconds: (user + system) / 1e6 };
}

/** Decode each file and write one 1600 px JPEG (or WebP) to disk: nothing less would serve a photo. */
export async function measureFloor(files, concurrency, format = 'jpeg') {
  const outDir = await mkdtemp(path.join(os.tmpdir(), 'pixeli-bench-floor-'));
  try {
    return await timed(files, concurrency, (file, index) => {
      const resized = sharp(file).resize({
        width: FLOOR_LONG_EDGE,
        height: FLOOR_LONG_EDGE,
        fit: 'inside',
        withoutEnlargement: true,
      });
      const encoded = format === 'jpeg' ? resized.jpeg(FLOOR_JPEG) : resized.webp(FLOOR_WEBP);
      return encoded.toFile(path.join(outDir, `${index}.${format}`));
    });
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

/** The built server's processImage on each file, keeping nothing (its outputs are buffers). */
export async function measureProcessImage(files, concurrency) {
  const { processImage } = await importBuilt('features/media/pipeline.js');
  const { ConfigSchema } = await importBuilt('config.js');
  const { MAX_INPUT_PIXELS } = ConfigSchema.parse({});
  return timed(files, concurrency, (file) =>
    processImage(file, { maxInputPixels: MAX_INPUT_PIXELS, watermarkText: WATERMARK_TEXT }),
  );
}
