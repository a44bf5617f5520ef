import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/client.js';
import { events, photoShares, photos, users } from '../../db/schema.js';

/** Queries about share links. No rules live here. */

export type ShareRow = typeof photoShares.$inferSelect;

/** The link's creator as its rules need them: who, their site role, whether the account is active. */
const creators = alias(users, 'creator');
const creatorColumns = { id: creators.id, role: creators.role, isActive: creators.isActive };

export async function insertShare(db: DbOrTx, values: typeof photoShares.$inferInsert) {
  const [row] = await db.insert(photoShares).values(values).returning();
  return row as ShareRow;
}

/** A link with the photo, its event and photographer, and its creator, found by the hash of its token. */
export async function findShareByHash(db: DbOrTx, tokenHash: string) {
  const [row] = await db
    .select({
      share: photoShares,
      photo: photos,
      eventTitle: events.title,
      photographer: users,
      creator: creatorColumns,
    })
    .from(photoShares)
    .innerJoin(photos, eq(photos.id, photoShares.photoId))
    .innerJoin(events, eq(events.id, photos.eventId))
    .innerJoin(users, eq(users.id, photos.photographerId))
    .innerJoin(creators, eq(creators.id, photoShares.createdById))
    .where(eq(photoShares.tokenHash, tokenHash));
  return row;
}

/** A link with who answers for its photo and its creator, found by its id. */
export async function findShareById(db: DbOrTx, id: string) {
  const [row] = await db
    .select({
      share: photoShares,
      photoStatus: photos.status,
      photographerId: photos.photographerId,
      coordinatorId: events.coordinatorId,
      creator: creatorColumns,
    })
    .from(photoShares)
    .innerJoin(photos, eq(photos.id, photoShares.photoId))
    .innerJoin(events, eq(events.id, photos.eventId))
    .innerJoin(creators, eq(creators.id, photoShares.createdById))
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

/** The links to a photo that are neither revoked nor expired, newest first, with their creators. */
export async function listLiveSharesOf(db: DbOrTx, photoId: string, now: Date, limit: number) {
  return db
    .select({ share: photoShares, creator: users })
    .from(photoShares)
    .innerJoin(users, eq(users.id, photoShares.createdById))
    .where(
      and(eq(photoShares.photoId, photoId), isNull(photoShares.revokedAt), gt(photoShares.expiresAt, now)),
    )
    .orderBy(desc(photoShares.createdAt))
    .limit(limit);
}
