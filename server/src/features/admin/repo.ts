import { and, desc, eq, lt, or, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { users } from '../../db/schema.js';

export interface UserListFilter {
  role?: (typeof users.$inferSelect)['role'];
  isActive?: boolean;
  /** Rows strictly after this (created_at, id), newest first. */
  after?: { createdAt: Date; id: string };
  limit: number;
}

export async function listUsers(db: DbOrTx, filter: UserListFilter) {
  const conditions: (SQL | undefined)[] = [
    filter.role ? eq(users.role, filter.role) : undefined,
    filter.isActive === undefined ? undefined : eq(users.isActive, filter.isActive),
    filter.after
      ? or(
          lt(users.createdAt, filter.after.createdAt),
          and(eq(users.createdAt, filter.after.createdAt), lt(users.id, filter.after.id)),
        )
      : undefined,
  ];
  return db
    .select()
    .from(users)
    .where(and(...conditions))
    .orderBy(desc(users.createdAt), desc(users.id))
    .limit(filter.limit);
}
