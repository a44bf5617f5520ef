import { and, desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { events, photoShares, photos, users } from '../../db/schema.js';

/** Queries about share links. No rules live here. */

export type ShareRow = typeof photoShares.$inferSelect;

export async function insertShare(db: DbOrTx, values: typeof photoShares.$inferInsert) {
  const [row] = await db.insert(photoShares).values(values).returning();
  return row as ShareRow;
}

/** A link with the photo, its event and photographer, found by the hash of its token. */
export async function findShareByHash(db: DbOrTx, tokenHash: string) {
  const [row] = await db
    .select({ share: photoShares, photo: photos, eventTitle: events.title, photographer: users })
    .from(photoShares)
    .innerJoin(photos, eq(photos.id, photoShares.photoId))
    .innerJoin(events, eq(events.id, photos.eventId))
    .innerJoin(users, eq(users.id, photos.photographerId))
    .where(eq(photoShares.tokenHash, tokenHash));
  return row;
}

export async function findShareById(db: DbOrTx, id: string) {
  const [row] = await db
    .select({ share: photoShares, photographerId: photos.photographerId })
    .from(photoShares)
    .innerJoin(photos, eq(photos.id, photoShares.photoId))
    .where(eq(photoShares.id, id));
  return row;
}

export async function countOpen(db: DbOrTx, id: string) {
  await db
    .update(photoShares)
    .set({ opens: sql`${photoShares.opens} + 1` })
    .where(eq(photoShares.id, id));
}

export async function revokeShare(db: DbOrTx, id: string, now: Date) {
  await db.update(photoShares).set({ revokedAt: now }).where(eq(photoShares.id, id));
}

export async function listSharesBy(db: DbOrTx, userId: string, limit: number) {
  return db
    .select()
    .from(photoShares)
    .where(and(eq(photoShares.createdById, userId)))
    .orderBy(desc(photoShares.createdAt))
    .limit(limit);
}
