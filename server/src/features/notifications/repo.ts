import { and, count, desc, eq, gt, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { notifications, users } from '../../db/schema.js';
import { exactTimestamp, pastCursor, type TimeCursor } from '../../db/timestamps.js';

/** Queries about notifications. No rules live here. */

export type NotificationRow = typeof notifications.$inferSelect;
export type NotificationKey = Pick<NotificationRow, 'recipientId' | 'verb' | 'targetId'>;

/** The row a new notification of this kind merges into: same recipient, verb and target, recent. */
export async function findMergeable(db: DbOrTx, key: NotificationKey, since: Date) {
  const [row] = await db
    .select()
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
  return row;
}

export async function insertNotification(db: DbOrTx, values: typeof notifications.$inferInsert) {
  const [row] = await db.insert(notifications).values(values).returning({ id: notifications.id });
  return row!.id;
}

/** The recipient's notifications with these ids, newest first (those deleted since are left out). */
export async function findOwnMany(db: DbOrTx, ids: string[], recipientId: string) {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(notifications)
    .where(and(inArray(notifications.id, ids), eq(notifications.recipientId, recipientId)))
    .orderBy(notifications.updatedAt, notifications.id);
}

export async function updateNotification(
  db: DbOrTx,
  id: string,
  values: Partial<typeof notifications.$inferInsert>,
) {
  await db.update(notifications).set(values).where(eq(notifications.id, id));
}

export async function deleteNotification(db: DbOrTx, id: string, recipientId: string) {
  const rows = await db
    .delete(notifications)
    .where(and(eq(notifications.id, id), eq(notifications.recipientId, recipientId)))
    .returning({ id: notifications.id });
  return rows.length > 0;
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

export async function usersByIds(db: DbOrTx, ids: string[]) {
  if (ids.length === 0) return new Map<string, typeof users.$inferSelect>();
  const rows = await db.select().from(users).where(inArray(users.id, ids));
  return new Map(rows.map((u) => [u.id, u]));
}
