import { and, desc, eq, lt, or, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { users } from '../../db/schema.js';
import { exactTimestamp } from '../../db/timestamps.js';

export interface UserListFilter {
  role?: (typeof users.$inferSelect)['role'];
  isActive?: boolean;
  /** Rows strictly after this (created_at, id), newest first; `createdAt` as `exactTimestamp` text. */
  after?: { createdAt: string; id: string };
  limit: number;
}

export async function listUsers(db: DbOrTx, filter: UserListFilter) {
  const after = filter.after;
  const conditions: (SQL | undefined)[] = [
    filter.role ? eq(users.role, filter.role) : undefined,
    filter.isActive === undefined ? undefined : eq(users.isActive, filter.isActive),
    after
      ? or(
          lt(users.createdAt, sql`${after.createdAt}::timestamptz`),
          and(eq(users.createdAt, sql`${after.createdAt}::timestamptz`), lt(users.id, after.id)),
        )
      : undefined,
  ];
  return db
    .select({ user: users, cursorAt: exactTimestamp(users.createdAt) })
    .from(users)
    .where(and(...conditions))
    .orderBy(desc(users.createdAt), desc(users.id))
    .limit(filter.limit);
}
