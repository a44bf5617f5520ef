import type { AccessViewer } from '../../../access/viewer.js';
import type { AppContext } from '../../../context.js';
import { similarity } from '../face-vectors.js';
import { clipOf } from './clip.js';
import { readableVectors } from './embedding-cache.js';

export interface ClipMatch {
  photoId: string;
  /** Cosine similarity of the photo's embedding and the text's, -1..1. */
  similarity: number;
}

/**
 * Photos the viewer may read that show what `text` describes, best first: the cosine similarity of
 * each photo's CLIP embedding with the text's, at or above CLIP_SEARCH_MIN_SIMILARITY, over the
 * newest CLIP_SEARCH_MAX_PHOTOS readable photos (computed here: pgvector is not packaged for the
 * PostgreSQL this runs on, and event-sized sets take milliseconds once their vectors are in memory,
 * see `embedding-cache`). Empty when CLIP is not configured; when CLIP fails, the search answers
 * without it and the log says why.
 */
export async function clipMatches(
  ctx: AppContext,
  v: AccessViewer,
  text: string,
  limit: number,
): Promise<ClipMatch[]> {
  const clip = clipOf(ctx);
  if (!clip) return [];
  let query: Awaited<ReturnType<typeof clip.embedText>>;
  try {
    query = await clip.embedText(text);
  } catch (error) {
    ctx.log.warn({ err: error }, 'CLIP search unavailable');
    return [];
  }
  const vectors = await readableVectors(ctx, v, query.model);
  const floor = ctx.config.CLIP_SEARCH_MIN_SIMILARITY;
  const found: ClipMatch[] = [];
  for (const [photoId, vector] of vectors) {
    const score = similarity(query.embedding, vector);
    if (score >= floor) found.push({ photoId, similarity: score });
  }
  return found
    .sort((a, b) => b.similarity - a.similarity || a.photoId.localeCompare(b.photoId))
    .slice(0, limit);
}
