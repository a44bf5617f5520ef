import { and, count, desc, eq, gt, inArray, or, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { preparedOn } from '../../db/prepared.js';
import { comments, notifications, users } from '../../db/schema.js';
import { exactTimestamp, pastCursor, type TimeCursor } from '../../db/timestamps.js';

/** Queries about notifications. No rules live here. */

export type NotificationRow = typeof notifications.$inferSelect;
export type NotificationKey = Pick<NotificationRow, 'recipientId' | 'verb' | 'targetId'>;

/**
 * The recipient's newest row of this kind (same verb and target) touched since `since`, as a
 * subquery: the row a new notification merges into, or an unlike takes one off.
 */
function mergeableId(db: DbOrTx, key: NotificationKey, since: Date) {
  return db
    .select({ id: notifications.id })
    .from(notifications)
    .where(
      and(
        eq(notifications.recipientId, key.recipientId),
        eq(notifications.verb, key.verb),
        eq(notifications.targetId, key.targetId),
        gt(notifications.updatedAt, since),
      ),
    )
    .orderBy(desc(notifications.updatedAt))
    .limit(1);
}

/**
 * Counts one more actor into the recent row of this kind, in one statement: the row moves to the
 * top, unread again, with `actorId` first among at most `maxActors`. Being a single UPDATE, two
 * merging at once on PostgreSQL both count (the second waits for the first's row lock and applies
 * on top). The row as it now is, or undefined when there was none to merge into.
 */
export async function mergeActor(
  db: DbOrTx,
  key: NotificationKey,
  since: Date,
  change: { actorId: string; now: Date; maxActors: number },
): Promise<NotificationRow | undefined> {
  const actor = sql`${change.actorId}::uuid`;
  const [row] = await db
    .update(notifications)
    .set({
      count: sql`${notifications.count} + 1`,
      actorIds: sql`(array[${actor}] || array_remove(${notifications.actorIds}, ${actor}))[1:${sql.raw(String(change.maxActors))}]`,
      read: false,
      updatedAt: change.now,
    })
    .where(eq(notifications.id, sql`(${mergeableId(db, key, since)})`))
    .returning();
  return row;
}

/**
 * Takes one actor back out of the recent row of this kind (an unlike within the window), in one
 * statement; the row as it now is (a count of 0 is for the caller to delete), or undefined.
 */
export async function unmergeActor(db: DbOrTx, key: NotificationKey, since: Date, actorId: string) {
  const [row] = await db
    .update(notifications)
    .set({
      count: sql`${notifications.count} - 1`,
      actorIds: sql`array_remove(${notifications.actorIds}, ${actorId}::uuid)`,
    })
    .where(eq(notifications.id, sql`(${mergeableId(db, key, since)})`))
    .returning();
  return row;
}

export async function insertNotification(
  db: DbOrTx,
  values: typeof notifications.$inferInsert,
): Promise<NotificationRow> {
  const [row] = await db.insert(notifications).values(values).returning();
  return row!;
}

export async function deleteNotification(db: DbOrTx, id: string, recipientId: string) {
  const rows = await db
    .delete(notifications)
    .where(and(eq(notifications.id, id), eq(notifications.recipientId, recipientId)))
    .returning({ id: notifications.id });
  return rows.length > 0;
}

/** What notifications can be about; a notification about any of these goes when it goes. */
export interface NotificationSubjects {
  photoIds?: string[];
  commentIds?: string[];
  eventId?: string;
  /** Only this recipient's notifications of this verb (an untagged person's TAGGED). */
  only?: { recipientId: string; verb: NotificationRow['verb'] };
}

/**
 * Deletes the notifications about these subjects (a photo's include its comments'); the recipients
 * whose unread count that lowered.
 */
export async function deleteNotificationsAbout(
  db: DbOrTx,
  about: NotificationSubjects,
): Promise<Set<string>> {
  const photoIds = about.photoIds ?? [];
  const commentIds = about.commentIds ?? [];
  const subjects = or(
    photoIds.length > 0 ? inArray(notifications.photoId, photoIds) : undefined,
    photoIds.length > 0
      ? inArray(
          notifications.commentId,
          db.select({ id: comments.id }).from(comments).where(inArray(comments.photoId, photoIds)),
        )
      : undefined,
    commentIds.length > 0 ? inArray(notifications.commentId, commentIds) : undefined,
    about.eventId ? eq(notifications.eventId, about.eventId) : undefined,
  );
  if (!subjects) return new Set();
  const rows = await db
    .delete(notifications)
    .where(
      and(
        subjects,
        about.only ? eq(notifications.recipientId, about.only.recipientId) : undefined,
        about.only ? eq(notifications.verb, about.only.verb) : undefined,
      ),
    )
    .returning({ recipientId: notifications.recipientId, read: notifications.read });
  return new Set(rows.filter((r) => !r.read).map((r) => r.recipientId));
}

export async function listNotifications(
  db: DbOrTx,
  recipientId: string,
  options: { read?: boolean; after?: TimeCursor; limit: number },
) {
  return db
    .select({ row: notifications, cursorAt: exactTimestamp(notifications.updatedAt) })
    .from(notifications)
    .where(
      and(
        eq(notifications.recipientId, recipientId),
        options.read === undefined ? undefined : eq(notifications.read, options.read),
        pastCursor(notifications.updatedAt, notifications.id, options.after),
      ),
    )
    .orderBy(desc(notifications.updatedAt), desc(notifications.id))
    .limit(options.limit);
}

/** Marks one of the recipient's notifications; the row as it now is, or undefined if not theirs. */
export async function setRead(db: DbOrTx, id: string, recipientId: string, read: boolean) {
  const [row] = await db
    .update(notifications)
    .set({ read })
    .where(and(eq(notifications.id, id), eq(notifications.recipientId, recipientId)))
    .returning();
  return row;
}

export async function markAllRead(db: DbOrTx, recipientId: string) {
  const rows = await db
    .update(notifications)
    .set({ read: true })
    .where(and(eq(notifications.recipientId, recipientId), eq(notifications.read, false)))
    .returning({ id: notifications.id });
  return rows.length;
}

export async function unreadCount(db: DbOrTx, recipientId: string) {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.recipientId, recipientId), eq(notifications.read, false)));
  return Number(row?.n ?? 0);
}

/** The statement of `actorsAndUnreadCount`, prepared: it runs after every like and comment. */
const actorsAndUnreadStatement = preparedOn((db) => {
  const unread = db
    .select({ n: count().as('n') })
    .from(notifications)
    .where(and(eq(notifications.recipientId, sql.placeholder('recipientId')), eq(notifications.read, false)))
    .as('unread');
  return db
    .select({ n: unread.n, user: users })
    .from(unread)
    .leftJoin(users, sql`${users.id} = any(${sql.placeholder('actorIds')}::uuid[])`)
    .prepare('push_actors_and_unread');
});

/**
 * accounts' `findUsersByIds` and `unreadCount` in one round trip, for a push after every like and comment: the
 * count is always one row, with the actors joined to it (none when `actorIds` is empty).
 */
export async function actorsAndUnreadCount(db: Db, actorIds: string[], recipientId: string) {
  const rows = await actorsAndUnreadStatement(db).execute({ actorIds, recipientId });
  const actors = new Map<string, typeof users.$inferSelect>();
  for (const row of rows) if (row.user) actors.set(row.user.id, row.user);
  return { actors, unread: Number(rows[0]?.n ?? 0) };
}
