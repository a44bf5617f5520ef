import { and, desc, eq, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { users } from '../../db/schema.js';
import { exactTimestamp, pastCursor, type TimeCursor } from '../../db/timestamps.js';

export interface UserListFilter {
  role?: (typeof users.$inferSelect)['role'];
  isActive?: boolean;
  /** Rows strictly after this (created_at, id), newest first; `createdAt` as `exactTimestamp` text. */
  after?: TimeCursor;
  limit: number;
}

export async function listUsers(db: DbOrTx, filter: UserListFilter) {
  const conditions: (SQL | undefined)[] = [
    filter.role ? eq(users.role, filter.role) : undefined,
    filter.isActive === undefined ? undefined : eq(users.isActive, filter.isActive),
    pastCursor(users.createdAt, users.id, filter.after),
  ];
  return db
    .select({ user: users, cursorAt: exactTimestamp(users.createdAt) })
    .from(users)
    .where(and(...conditions))
    .orderBy(desc(users.createdAt), desc(users.id))
    .limit(filter.limit);
}
