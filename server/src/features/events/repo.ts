import { and, asc, count, desc, eq, inArray, sql } from 'drizzle-orm';
import { memberRoleSql, readableEventsSql } from '../../access/events.js';
import { readablePhotosSql, readLevelsOf } from '../../access/photos.js';
import type { EventWithRole } from '../../access/subjects.js';
import { type AccessViewer, isAdmin } from '../../access/viewer.js';
import { isAnyOf, uuidRows } from '../../db/arrays.js';
import { type DbOrTx, queryRows } from '../../db/client.js';
import { type EventRow, eventColumns, type PhotoRow } from '../../db/columns.js';
import {
  eventInvites,
  eventMembers,
  eventPhotoCounts,
  events,
  photos,
  photoTags,
  users,
} from '../../db/schema.js';
import { exactTimestamp, pastCursor, type TimeCursor } from '../../db/timestamps.js';

export type { EventRow };

/** Queries about events, their members and invite links. No rules: `access/` and the services decide. */

export type { EventWithRole };

const eventWithRole = (v: AccessViewer) => ({ event: eventColumns, memberRole: memberRoleSql(v) });

/** Events the viewer may read, newest first, after a keyset cursor. */
export async function listReadableEvents(
  db: DbOrTx,
  v: AccessViewer,
  page: { after?: TimeCursor; limit: number },
) {
  const rows = await db
    .select({ ...eventWithRole(v), cursorAt: exactTimestamp(events.createdAt) })
    .from(events)
    .where(and(readableEventsSql(v), pastCursor(events.createdAt, events.id, page.after)))
    .orderBy(desc(events.createdAt), desc(events.id))
    .limit(page.limit);
  return rows.map((r) => ({ ...r.event, memberRole: r.memberRole, cursorAt: r.cursorAt }));
}

export async function insertEvent(db: DbOrTx, values: typeof events.$inferInsert) {
  const [row] = await db.insert(events).values(values).returning();
  return row as EventRow;
}

export async function updateEvent(db: DbOrTx, id: string, values: Partial<typeof events.$inferInsert>) {
  await db
    .update(events)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(events.id, id));
}

export async function deleteEvent(db: DbOrTx, id: string) {
  await db.delete(events).where(eq(events.id, id));
}

/**
 * Counts of the photos each event shows this viewer, for a page of events they may read, in one
 * query that reads no photo rows but the viewer's own exceptions. `canReadPhoto` splits, for a
 * readable event, into three disjoint sets: completed photos at a level that admits the viewer
 * (kept per event in `event_photo_counts`), the viewer's own photos not among them (staff see
 * their own in every state), and completed photos they are tagged in at a level that does not
 * admit them. Admins and the event's coordinator see all of its photos.
 */
export async function visiblePhotoCounts(db: DbOrTx, v: AccessViewer, eventIds: string[]) {
  if (eventIds.length === 0) return new Map<string, number>();
  const admitted = and(eq(photos.status, 'CO'), inArray(photos.readPerm, readLevelsOf(v)));
  const c = eventPhotoCounts;
  const levelCounts =
    v.role === 'img' ? sql`${c.completedPublic} + ${c.completedImg}` : sql`${c.completedPublic}`;
  const rows = await queryRows<{ event_id: string; n: number }>(
    db,
    sql`with own as (
        select ${photos.eventId} as event_id, count(*)::int as n from ${photos}
        where ${photos.photographerId} = ${v.id} and ${isAnyOf(photos.eventId, eventIds)} and not (${admitted})
        group by 1
      ), tagged as (
        select ${photos.eventId} as event_id, count(*)::int as n
        from ${photoTags} join ${photos} on ${photos.id} = ${photoTags.photoId}
        where ${photoTags.userId} = ${v.id} and ${isAnyOf(photos.eventId, eventIds)}
          and ${photos.status} = 'CO' and not (${admitted}) and ${photos.photographerId} <> ${v.id}
        group by 1
      )
      select ${events.id} as event_id,
        (case when ${isAdmin(v)} or ${events.coordinatorId} = ${v.id} then coalesce(${c.photos}, 0)
              else coalesce(${levelCounts}, 0) + coalesce(own.n, 0) + coalesce(tagged.n, 0) end)::int as n
      from ${events}
      left join ${c} on ${c.eventId} = ${events.id}
      left join own on own.event_id = ${events.id}
      left join tagged on tagged.event_id = ${events.id}
      where ${isAnyOf(events.id, eventIds)}`,
  );
  return new Map(rows.map((r) => [r.event_id, Number(r.n)]));
}

/**
 * Each event's cover as this viewer sees it: the chosen cover when they may see it, else the
 * earliest completed photo they may see. Two queries for a page of events: the cover ids, event by
 * event (the chosen one by its key; else the first of the event's `(event_id, timestamp)` index that
 * passes the access filter, so a big event costs no more than a small one), then those photos.
 */
const coverColumns = {
  id: photos.id,
  eventId: photos.eventId,
  width: photos.width,
  height: photos.height,
  thumbhash: photos.thumbhash,
};
export type EventCover = { [K in keyof typeof coverColumns]: PhotoRow[K] };

export async function visibleCovers(db: DbOrTx, v: AccessViewer, eventIds: string[]) {
  if (eventIds.length === 0) return new Map<string, EventCover>();
  const shown = and(eq(photos.status, 'CO'), readablePhotosSql(v));
  const photosWithEvents = sql`${photos} join ${events} on ${events.id} = ${photos.eventId}`;
  const covers = await queryRows<{ photo_id: string }>(
    db,
    sql`select cover.id as photo_id
      from ${uuidRows(eventIds)} as chosen(event_id)
      cross join lateral (
        (select ${photos.id} as id from ${photosWithEvents}
          where ${events.id} = chosen.event_id and ${photos.id} = ${events.coverPhotoId} and ${shown})
        union all
        (select ${photos.id} from ${photosWithEvents}
          where ${photos.eventId} = chosen.event_id and ${shown}
          order by ${photos.timestamp} asc, ${photos.id} asc
          limit 1)
        limit 1
      ) as cover`,
  );
  if (covers.length === 0) return new Map<string, EventCover>();
  // What a cover shows, not whole photo rows (with their EXIF): 400 of those took 17 ms to send.
  const rows = await db
    .select(coverColumns)
    .from(photos)
    .where(
      isAnyOf(
        photos.id,
        covers.map((c) => c.photo_id),
      ),
    );
  return new Map(rows.map((photo) => [photo.eventId, photo]));
}

export async function memberCounts(db: DbOrTx, eventIds: string[]) {
  if (eventIds.length === 0) return new Map<string, number>();
  const rows = await db
    .select({ eventId: eventMembers.eventId, n: count() })
    .from(eventMembers)
    .where(isAnyOf(eventMembers.eventId, eventIds))
    .groupBy(eventMembers.eventId);
  return new Map(rows.map((r) => [r.eventId, Number(r.n)]));
}

export async function countEventPhotos(db: DbOrTx, eventId: string) {
  const [row] = await db.select({ n: count() }).from(photos).where(eq(photos.eventId, eventId));
  return Number(row?.n ?? 0);
}

export async function eventPhotoIds(db: DbOrTx, eventId: string) {
  return (await db.select({ id: photos.id }).from(photos).where(eq(photos.eventId, eventId))).map(
    (r) => r.id,
  );
}

export async function deletePhotosOfEvent(db: DbOrTx, eventId: string) {
  await db.delete(photos).where(eq(photos.eventId, eventId));
}

// --- members ------------------------------------------------------------------------------------

export async function listMembers(db: DbOrTx, eventId: string) {
  return db
    .select({ user: users, role: eventMembers.role, joinedAt: eventMembers.createdAt })
    .from(eventMembers)
    .innerJoin(users, eq(users.id, eventMembers.userId))
    .where(eq(eventMembers.eventId, eventId))
    .orderBy(asc(eventMembers.createdAt), asc(users.username));
}

/** Adds a member, or changes the role of an existing one. */
export async function upsertMember(
  db: DbOrTx,
  eventId: string,
  userId: string,
  role: 'viewer' | 'contributor',
) {
  const [row] = await db
    .insert(eventMembers)
    .values({ eventId, userId, role })
    .onConflictDoUpdate({ target: [eventMembers.eventId, eventMembers.userId], set: { role } })
    .returning();
  return row!;
}

/** Adds a member unless they already are one (an invite never lowers a role). */
export async function addMemberIfAbsent(
  db: DbOrTx,
  eventId: string,
  userId: string,
  role: 'viewer' | 'contributor',
) {
  await db.insert(eventMembers).values({ eventId, userId, role }).onConflictDoNothing();
}

export async function findMember(db: DbOrTx, eventId: string, userId: string) {
  const [row] = await db
    .select()
    .from(eventMembers)
    .where(and(eq(eventMembers.eventId, eventId), eq(eventMembers.userId, userId)));
  return row;
}

export async function removeMember(db: DbOrTx, eventId: string, userId: string) {
  const rows = await db
    .delete(eventMembers)
    .where(and(eq(eventMembers.eventId, eventId), eq(eventMembers.userId, userId)))
    .returning({ userId: eventMembers.userId });
  return rows.length > 0;
}

// --- invite links -------------------------------------------------------------------------------

export type InviteRow = typeof eventInvites.$inferSelect;

export async function insertInvite(db: DbOrTx, values: typeof eventInvites.$inferInsert) {
  const [row] = await db.insert(eventInvites).values(values).returning();
  return row as InviteRow;
}

export async function listInvites(db: DbOrTx, eventId: string) {
  return db
    .select()
    .from(eventInvites)
    .where(eq(eventInvites.eventId, eventId))
    .orderBy(desc(eventInvites.createdAt));
}

export async function findInviteByHash(db: DbOrTx, tokenHash: string) {
  const [row] = await db.select().from(eventInvites).where(eq(eventInvites.tokenHash, tokenHash));
  return row;
}

/** Counts one use, unless the link was revoked, expired or used up meanwhile (atomic). */
export async function takeInviteUse(db: DbOrTx, inviteId: string, now: Date) {
  const rows = await db
    .update(eventInvites)
    .set({ uses: sql`${eventInvites.uses} + 1` })
    .where(
      and(
        eq(eventInvites.id, inviteId),
        sql`${eventInvites.revokedAt} is null`,
        sql`${eventInvites.expiresAt} > ${now.toISOString()}::timestamptz`,
        sql`(${eventInvites.maxUses} is null or ${eventInvites.uses} < ${eventInvites.maxUses})`,
      ),
    )
    .returning({ id: eventInvites.id });
  return rows.length === 1;
}

export async function revokeInvite(db: DbOrTx, eventId: string, inviteId: string, now: Date) {
  const rows = await db
    .update(eventInvites)
    .set({ revokedAt: now })
    .where(and(eq(eventInvites.id, inviteId), eq(eventInvites.eventId, eventId)))
    .returning({ id: eventInvites.id });
  return rows.length > 0;
}
