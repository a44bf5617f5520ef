import type { AccessViewer } from '../../../access/viewer.js';
import type { AppContext } from '../../../context.js';
import { embeddingsOf, newestEmbeddingIds, readableEmbeddingStamps } from './embeddings-repo.js';

/** One photo's decoded embedding, and which analysis stored it. */
interface Held {
  model: string;
  storedAt: string;
  vector: Float32Array;
}

/**
 * Decoded photo embeddings of one server process, at most `maxPhotos`, the least recently used
 * dropped first (a Map iterates in insertion order; a hit is moved to the end). Reading and decoding
 * 2,000 vectors was most of a free-text search's time; ids and dates alone are a fraction of it.
 *
 * An entry is only ever a copy: it is served only under the model and storage time the database
 * reports for that photo in the same search, so a photo analysed again gets its new vector, and
 * which photos are compared at all is always the database's answer under the access rule. A deleted
 * photo is simply never asked for again and ages out. Each process (PostgreSQL + Redis mode runs
 * several) keeps its own; nothing depends on them agreeing.
 */
export class EmbeddingCache {
  private readonly held = new Map<string, Held>();

  constructor(readonly maxPhotos: number) {}

  get size() {
    return this.held.size;
  }

  /** The photo's vector if the one held is the one `model` stored at `storedAt`. */
  get(photoId: string, model: string, storedAt: string): Float32Array | undefined {
    const found = this.held.get(photoId);
    if (!found) return undefined;
    this.held.delete(photoId);
    if (found.model !== model || found.storedAt !== storedAt) return undefined;
    this.held.set(photoId, found);
    return found.vector;
  }

  set(photoId: string, model: string, storedAt: string, vector: Float32Array) {
    this.held.delete(photoId);
    this.held.set(photoId, { model, storedAt, vector });
    for (const oldest of this.held.keys()) {
      if (this.held.size <= this.maxPhotos) break;
      this.held.delete(oldest);
    }
  }

  has(photoId: string): boolean {
    return this.held.has(photoId);
  }

  clear() {
    this.held.clear();
  }
}

const caches = new WeakMap<AppContext, EmbeddingCache>();

/** This context's embedding cache, sized by CLIP_CACHE_MAX_PHOTOS. */
export function embeddingCacheOf(ctx: AppContext): EmbeddingCache {
  let cache = caches.get(ctx);
  if (!cache) {
    cache = new EmbeddingCache(ctx.config.CLIP_CACHE_MAX_PHOTOS);
    caches.set(ctx, cache);
  }
  return cache;
}

/**
 * The embeddings by `model` of the newest CLIP_SEARCH_MAX_PHOTOS photos the viewer may read, by
 * photo id: which photos, from the database under the access rule on every call; their vectors from
 * the cache, reading only those it lacks or holds from an older analysis.
 */
export async function readableVectors(
  ctx: AppContext,
  v: AccessViewer,
  model: string,
): Promise<Map<string, Float32Array>> {
  const db = ctx.database.db;
  const cache = embeddingCacheOf(ctx);
  const stamps = await readableEmbeddingStamps(db, v, model, ctx.config.CLIP_SEARCH_MAX_PHOTOS);
  const vectors = new Map<string, Float32Array>();
  const missing: string[] = [];
  for (const { photoId, storedAt } of stamps) {
    const vector = cache.get(photoId, model, storedAt);
    if (vector) vectors.set(photoId, vector);
    else missing.push(photoId);
  }
  // A photo analysed again (or deleted) between the two reads: what is read now is newer than the
  // date above, so it is held under its own date; a deleted one is not read, and not compared.
  for (const row of await embeddingsOf(db, missing, model)) {
    cache.set(row.photoId, model, row.storedAt, row.embedding);
    vectors.set(row.photoId, row.embedding);
  }
  return vectors;
}

/** How many vectors one warm-up read asks for: a few MB of base64 at a time. */
const WARM_BATCH = 1000;

/**
 * Fills this process's cache with the newest stored embeddings, up to its size, so the first
 * free-text search after a start costs what the next one does (cold, it read and decoded every
 * vector: 74-82 ms against 21-29 ms warm at 2,000 photos, BENCHMARKS.md `clip`). Run in the
 * background after the server listens; a search meanwhile simply reads what it lacks.
 */
export async function warmEmbeddingCache(ctx: AppContext): Promise<number> {
  const db = ctx.database.db;
  const cache = embeddingCacheOf(ctx);
  const byModel = new Map<string, string[]>();
  for (const { photoId, model } of await newestEmbeddingIds(db, cache.maxPhotos)) {
    byModel.set(model, [...(byModel.get(model) ?? []), photoId]);
  }
  let warmed = 0;
  for (const [model, ids] of byModel) {
    for (let at = 0; at < ids.length; at += WARM_BATCH) {
      for (const row of await embeddingsOf(db, ids.slice(at, at + WARM_BATCH), model)) {
        // A search may have read a newer one meanwhile: keep what it holds.
        if (!cache.has(row.photoId)) cache.set(row.photoId, model, row.storedAt, row.embedding);
        warmed++;
      }
    }
  }
  return warmed;
}
