import type { AnalysisState } from '@pixeli/contract';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { photos } from '../../db/schema.js';
import type { AutoTag } from './analysis.js';

/** Queries of the photo analysis step; no rules. */

/** What the analyse job needs of a photo; undefined when it is gone. */
export async function photoToAnalyse(db: DbOrTx, photoId: string) {
  const [row] = await db
    .select({
      id: photos.id,
      eventId: photos.eventId,
      status: photos.status,
      analysisState: photos.analysisState,
      meta: photos.meta,
    })
    .from(photos)
    .where(eq(photos.id, photoId));
  return row;
}

/** The tags replace the photo's earlier auto tags; `auto_tags` keeps the original's plain list. */
export async function saveAnalysis(db: DbOrTx, photoId: string, tags: AutoTag[]) {
  await db
    .update(photos)
    .set({
      autoTags: tags.map((t) => t.tag),
      autoTagScores: Object.fromEntries(tags.map((t) => [t.tag, Math.round(t.score * 1000) / 1000])),
      analysisState: 'done',
      analysisError: null,
    })
    .where(eq(photos.id, photoId));
}

export async function setAnalysisState(
  db: DbOrTx,
  photoId: string,
  state: AnalysisState,
  error: string | null,
) {
  await db.update(photos).set({ analysisState: state, analysisError: error }).where(eq(photos.id, photoId));
}

/**
 * Processed photos whose analysis is wanted: waiting or failed, or every one with `redo`; of one
 * event when given. Oldest first, so a long run fills events in the order they happened.
 */
export async function photosToAnalyse(db: DbOrTx, options: { eventId?: string; redo?: boolean }) {
  const rows = await db
    .select({ id: photos.id })
    .from(photos)
    .where(
      and(
        eq(photos.status, 'CO'),
        options.redo ? undefined : inArray(photos.analysisState, ['pending', 'failed', 'off']),
        options.eventId ? eq(photos.eventId, options.eventId) : undefined,
      ),
    )
    .orderBy(photos.createdAt, photos.id);
  return rows.map((r) => r.id);
}

/** Processed photos still waiting for their analysis (a crash or a restart left them queued). */
export async function pendingAnalysisIds(db: DbOrTx) {
  const rows = await db
    .select({ id: photos.id })
    .from(photos)
    .where(and(eq(photos.status, 'CO'), eq(photos.analysisState, 'pending')))
    .orderBy(sql`${photos.createdAt} desc`);
  return rows.map((r) => r.id);
}
