import { and, eq, gt, inArray, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { sessions, users } from '../../db/schema.js';

/** Queries of the notification sockets. No rules live here. */

/**
 * Of these sign-ins, the ones still live (not revoked, not expired, their account active), as
 * `sessionId:userId` keys.
 */
export async function liveSessionKeys(db: DbOrTx, sessionIds: string[], now: Date) {
  if (sessionIds.length === 0) return new Set<string>();
  const rows = await db
    .select({ id: sessions.id, userId: sessions.userId })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        inArray(sessions.id, sessionIds),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, now),
        eq(users.isActive, true),
      ),
    );
  return new Set(rows.map((row) => `${row.id}:${row.userId}`));
}
