import { and, desc, eq, sql } from 'drizzle-orm';
import { readablePhotosSql } from '../../../access/photos.js';
import type { AccessViewer } from '../../../access/viewer.js';
import type { DbOrTx } from '../../../db/client.js';
import { events, photoEmbeddings, photos } from '../../../db/schema.js';
import { vectorToBytes } from '../face-vectors.js';

/** Queries of CLIP embeddings; no rules (visibility comes from `access/`). */

/** Stores a photo's embedding, replacing the one an earlier analysis stored. */
export async function saveEmbedding(db: DbOrTx, photoId: string, model: string, embedding: Float32Array) {
  const bytes = vectorToBytes(embedding);
  await db
    .insert(photoEmbeddings)
    .values({ photoId, model, embedding: bytes })
    .onConflictDoUpdate({
      target: photoEmbeddings.photoId,
      set: { model, embedding: bytes, createdAt: sql`now()` },
    });
}

/**
 * The embeddings by `model` of the newest `max` photos the viewer may read, as base64 (PGlite hands
 * base64 text over about ten times faster than bytea, as find-me measured).
 */
export async function readableEmbeddings(db: DbOrTx, v: AccessViewer, model: string, max: number) {
  return db
    .select({
      photoId: photoEmbeddings.photoId,
      embedding: sql<string>`encode(${photoEmbeddings.embedding}, 'base64')`,
    })
    .from(photoEmbeddings)
    .innerJoin(photos, eq(photos.id, photoEmbeddings.photoId))
    .innerJoin(events, eq(events.id, photos.eventId))
    .where(and(eq(photoEmbeddings.model, model), readablePhotosSql(v)))
    .orderBy(desc(photos.timestamp), desc(photos.id))
    .limit(max);
}
