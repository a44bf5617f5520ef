import { parseArgs } from 'node:util';
import type { AppContext } from '../context.js';
import { analysePhoto, markAnalysisFailed } from '../features/ml/analyse-photo.js';
import { photosToAnalyse } from '../features/ml/analysis-repo.js';
import { CliError } from './create-admin.js';

export interface AnalyseOptions {
  eventId?: string;
  redo: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function parseAnalyseArgs(args: string[]): AnalyseOptions {
  let values: { event?: string | undefined; redo?: boolean | undefined };
  try {
    ({ values } = parseArgs({ args, options: { event: { type: 'string' }, redo: { type: 'boolean' } } }));
  } catch (error) {
    throw new CliError(`analyse: ${(error as Error).message}`, 2);
  }
  if (values.event !== undefined && !UUID.test(values.event)) {
    throw new CliError('analyse: --event takes an event id (a UUID, as in the event URL).', 2);
  }
  return { eventId: values.event, redo: values.redo ?? false };
}

export interface AnalyseProgress {
  done: number;
  failed: number;
  total: number;
  elapsedMs: number;
}

/**
 * Analyses processed photos that were not (stored before analysis existed, analysed with ML off,
 * or failed), or every one with `--redo`, one after another in this process, reporting after each.
 * A photo that fails is recorded as failed with its reason and the run goes on.
 */
export async function analyseStoredPhotos(
  ctx: AppContext,
  options: AnalyseOptions,
  report: (progress: AnalyseProgress) => void,
): Promise<AnalyseProgress> {
  if (ctx.config.ML === 'off' && !ctx.config.CLIP_MODEL_DIR)
    throw new CliError(
      'analyse: ML=off and no CLIP_MODEL_DIR in this configuration; set ML=on to analyse photos.',
    );
  const ids = await photosToAnalyse(ctx.database.db, options);
  const started = Date.now();
  const progress: AnalyseProgress = { done: 0, failed: 0, total: ids.length, elapsedMs: 0 };
  report(progress);
  for (const id of ids) {
    try {
      await analysePhoto(ctx, id, { redo: true });
      progress.done++;
    } catch (error) {
      progress.failed++;
      await markAnalysisFailed(ctx, id, error as Error);
    }
    progress.elapsedMs = Date.now() - started;
    report(progress);
  }
  return progress;
}

/** `[#####.....] 120/2,000  6 %  1.4 photos/s  about 22 min left`, one line. */
export function progressLine(p: AnalyseProgress, width = 24): string {
  const finished = p.done + p.failed;
  const share = p.total === 0 ? 1 : finished / p.total;
  const filled = Math.round(share * width);
  const rate = p.elapsedMs > 0 ? finished / (p.elapsedMs / 1000) : 0;
  const left = rate > 0 ? (p.total - finished) / rate : undefined;
  const parts = [
    `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`,
    `${finished.toLocaleString('en')}/${p.total.toLocaleString('en')}`,
    `${Math.floor(share * 100)} %`,
  ];
  if (rate > 0) parts.push(`${rate.toFixed(1)} photos/s`);
  if (left !== undefined && finished < p.total) parts.push(`about ${formatDuration(left)} left`);
  if (p.failed > 0) parts.push(`${p.failed} failed`);
  return parts.join('  ');
}

function formatDuration(seconds: number): string {
  if (seconds < 90) return `${Math.ceil(seconds)} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
