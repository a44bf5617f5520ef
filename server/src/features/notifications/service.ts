import type { Notification, NotificationListQuery } from '@pixeli/contract';
import type { AccessViewer } from '../../access/viewer.js';
import type { AppContext } from '../../context.js';
import { notFound } from '../../errors.js';
import { decodeTimeCursor } from '../../http/pagination.js';
import { toMiniUsers } from '../accounts/present.js';
import { findUsersByIds, type UserRow } from '../accounts/service.js';
import * as repo from './repo.js';

/** A person's own notifications; anyone else's id answers 404. */

export async function listNotifications(
  ctx: AppContext,
  v: AccessViewer,
  query: NotificationListQuery & { limit: number },
) {
  return repo.listNotifications(ctx.database.db, v.id, {
    read: query.read,
    after: decodeTimeCursor(query.cursor),
    limit: query.limit + 1,
  });
}

/** Notifications with their actors, in one query for the whole page. */
export async function presentNotifications(
  ctx: AppContext,
  rows: repo.NotificationRow[],
): Promise<Notification[]> {
  const actors = await findUsersByIds(ctx.database.db, [...new Set(rows.flatMap((r) => r.actorIds))]);
  return presentNotificationsWith(ctx, rows, actors);
}

/** Notifications as the API shows them, given their actors (a deleted actor is left out). */
export function presentNotificationsWith(
  ctx: AppContext,
  rows: repo.NotificationRow[],
  actors: Map<string, UserRow>,
): Promise<Notification[]> {
  return Promise.all(
    rows.map(async (r): Promise<Notification> => {
      const people = await toMiniUsers(
        ctx,
        r.actorIds.map((id) => actors.get(id)).filter((u) => u !== undefined),
      );
      return {
        id: r.id,
        actor: people[0] ?? null,
        actors: people,
        verb: r.verb,
        target_type: r.targetType,
        target_id: r.targetId,
        data: { count: r.count, photo_id: r.photoId, event_id: r.eventId, comment_id: r.commentId },
        read: r.read,
        created_at: r.createdAt.toISOString(),
        updated_at: r.updatedAt.toISOString(),
      };
    }),
  );
}

/**
 * What a push after a commit carries to one recipient: the notifications it wrote, oldest first,
 * with their actors, and the badge count, read in one query (a like's whole push).
 */
export async function presentForPush(ctx: AppContext, recipientId: string, written: repo.NotificationRow[]) {
  const rows = [...written].sort(
    (a, b) => a.updatedAt.getTime() - b.updatedAt.getTime() || a.id.localeCompare(b.id),
  );
  const { actors, unread } = await repo.actorsAndUnreadCount(
    ctx.database.db,
    [...new Set(rows.flatMap((r) => r.actorIds))],
    recipientId,
  );
  return { notifications: await presentNotificationsWith(ctx, rows, actors), unread };
}

export async function markRead(ctx: AppContext, v: AccessViewer, id: string, read: boolean) {
  const row = await repo.setRead(ctx.database.db, id, v.id, read);
  if (!row) throw notFound('No such notification.');
  return (await presentNotifications(ctx, [row]))[0]!;
}

export async function removeNotification(ctx: AppContext, v: AccessViewer, id: string) {
  if (!(await repo.deleteNotification(ctx.database.db, id, v.id))) throw notFound('No such notification.');
}

export const markAllRead = (ctx: AppContext, v: AccessViewer) => repo.markAllRead(ctx.database.db, v.id);
export const unreadCount = (ctx: AppContext, v: AccessViewer) => repo.unreadCount(ctx.database.db, v.id);
