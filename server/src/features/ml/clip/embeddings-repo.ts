import os from 'node:os';
import { and, desc, eq, sql } from 'drizzle-orm';
import { readablePhotosSql } from '../../../access/photos.js';
import type { AccessViewer } from '../../../access/viewer.js';
import { isAnyOf } from '../../../db/arrays.js';
import type { DbOrTx } from '../../../db/client.js';
import { events, photoEmbeddings, photos } from '../../../db/schema.js';
import { vectorFromBytes, vectorToBytes } from '../face-vectors.js';

/** Queries of CLIP embeddings; no rules (visibility comes from `access/`). */

/**
 * When an embedding was stored, in microseconds since 1970, as text: what tells one analysis's
 * vector from the next (`embedding-cache`). A timestamp's text would follow the session's time zone,
 * and a JavaScript Date keeps only milliseconds.
 */
const storedAtSql = sql<string>`(extract(epoch from ${photoEmbeddings.createdAt}) * 1000000)::int8::text`;

/**
 * Stores a photo's embedding, replacing the one an earlier analysis stored. Its `created_at` moves
 * forward on every save, even within one tick of a coarse clock (PGlite's has milliseconds), so a
 * photo's id and `created_at` always name one vector.
 */
export async function saveEmbedding(db: DbOrTx, photoId: string, model: string, embedding: Float32Array) {
  const bytes = vectorToBytes(embedding);
  await db
    .insert(photoEmbeddings)
    .values({ photoId, model, embedding: bytes })
    .onConflictDoUpdate({
      target: photoEmbeddings.photoId,
      set: {
        model,
        embedding: bytes,
        createdAt: sql`greatest(now(), ${photoEmbeddings}.created_at + interval '1 microsecond')`,
      },
    });
}

/**
 * Which embedding by `model` each of the newest `max` photos the viewer may read has: its photo id
 * and when it was stored (`storedAtSql`), which changes whenever the photo is analysed again. No
 * vectors: those come from memory (`embedding-cache`). The pairs travel as one text, not a row per
 * photo: at 1,800 photos on PGlite that took about half the CPU of the same pairs as rows.
 */
export async function readableEmbeddingStamps(
  db: DbOrTx,
  v: AccessViewer,
  model: string,
  max: number,
): Promise<{ photoId: string; storedAt: string }[]> {
  const newest = db
    .select({ photoId: photoEmbeddings.photoId, storedAt: storedAtSql.as('stored_at') })
    .from(photoEmbeddings)
    .innerJoin(photos, eq(photos.id, photoEmbeddings.photoId))
    .innerJoin(events, eq(events.id, photos.eventId))
    .where(and(eq(photoEmbeddings.model, model), readablePhotosSql(v)))
    .orderBy(desc(photos.timestamp), desc(photos.id))
    .limit(max)
    .as('newest');
  const [found] = await db
    .select({
      pairs: sql<string | null>`string_agg(${newest.photoId}::text || ' ' || ${newest.storedAt}, ',')`,
    })
    .from(newest);
  if (!found?.pairs) return [];
  // A uuid's text is 36 characters, and neither it nor a number holds a space or a comma.
  return found.pairs.split(',').map((pair) => ({ photoId: pair.slice(0, 36), storedAt: pair.slice(37) }));
}

/**
 * The embeddings by `model` of these photos, with when each was stored. No access rule: callers pass
 * ids that `readableEmbeddingStamps` just gave them. They travel as one row: the ids, and one base64
 * of every vector back to back in the same order (base64 because PGlite hands text over about ten
 * times faster than bytea, as find-me measured; one row because at 1,800 photos on PGlite a row per
 * photo took about a third more CPU).
 */
export async function embeddingsOf(
  db: DbOrTx,
  photoIds: string[],
  model: string,
): Promise<{ photoId: string; storedAt: string; embedding: Float32Array }[]> {
  if (photoIds.length === 0) return [];
  const order = sql`order by ${photoEmbeddings.photoId}`;
  const [found] = await db
    .select({
      pairs: sql<
        string | null
      >`string_agg(${photoEmbeddings.photoId}::text || ' ' || ${storedAtSql}, ',' ${order})`,
      vectors: sql<
        string | null
      >`encode(string_agg(${photoEmbeddings.embedding}, ''::bytea ${order}), 'base64')`,
    })
    .from(photoEmbeddings)
    .where(and(isAnyOf(photoEmbeddings.photoId, photoIds), eq(photoEmbeddings.model, model)));
  if (!found?.pairs || !found.vectors) return [];
  const pairs = found.pairs.split(',');
  const vectors = vectorsFromBytes(Buffer.from(found.vectors, 'base64'), pairs.length);
  return pairs.map((pair, i) => ({
    photoId: pair.slice(0, 36),
    storedAt: pair.slice(37),
    embedding: vectors[i]!,
  }));
}

/**
 * `count` equal-width vectors stored back to back as Float32 little-endian (`vectorToBytes`), each
 * its own copy (a cache keeping one must not keep them all alive). On a little-endian machine the
 * bytes are the floats already: one copy instead of reading them float by float.
 */
function vectorsFromBytes(bytes: Buffer, count: number): Float32Array[] {
  const width = bytes.length / 4 / count;
  if (!Number.isInteger(width)) throw new Error(`${count} embeddings in ${bytes.length} bytes`);
  if (os.endianness() !== 'LE') {
    return Array.from({ length: count }, (_, i) =>
      vectorFromBytes(bytes.subarray(i * width * 4, (i + 1) * width * 4)),
    );
  }
  const all = new Float32Array(width * count);
  new Uint8Array(all.buffer).set(bytes);
  return Array.from({ length: count }, (_, i) => all.slice(i * width, (i + 1) * width));
}

/**
 * Which model stored the newest `max` embeddings, by photo: what a server warms its cache with at
 * start. No access rule: nothing leaves the process; searches still ask the database which photos
 * the viewer may read.
 */
export async function newestEmbeddingIds(db: DbOrTx, max: number) {
  return db
    .select({ photoId: photoEmbeddings.photoId, model: photoEmbeddings.model })
    .from(photoEmbeddings)
    .orderBy(desc(photoEmbeddings.createdAt))
    .limit(max);
}
