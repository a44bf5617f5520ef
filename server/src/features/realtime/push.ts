import type { AppContext } from '../../context.js';
import type { PendingPushes } from '../notifications/after-commit.js';
import * as notifications from '../notifications/repo.js';
import { presentNotificationsWith } from '../notifications/service.js';

/** Channel names on the bus. */
export const userChannel = (userId: string) => `user:${userId}`;
export const eventChannel = (eventId: string) => `event:${eventId}`;

/**
 * After a commit: the notifications the transaction wrote, oldest first, then the badge count,
 * read with their actors in one query (a like's whole push).
 */
export async function pushNotificationUpdates(ctx: AppContext, recipients: PendingPushes) {
  for (const [userId, written] of recipients) {
    const rows = [...written.values()].sort(
      (a, b) => a.updatedAt.getTime() - b.updatedAt.getTime() || a.id.localeCompare(b.id),
    );
    const { actors, unread } = await notifications.actorsAndUnreadCount(
      ctx.database.db,
      [...new Set(rows.flatMap((r) => r.actorIds))],
      userId,
    );
    for (const notification of presentNotificationsWith(rows, actors)) {
      await ctx.bus.publish(userChannel(userId), { type: 'notification', notification });
    }
    await ctx.bus.publish(userChannel(userId), { type: 'unread_count', unread_count: unread });
  }
}

/** When processing ends: the uploader hears the status; a completed photo appears in watched galleries. */
export async function announcePhotoStatus(
  ctx: AppContext,
  photo: { id: string; photographerId: string; eventId: string },
  status: 'CO' | 'FA',
) {
  await ctx.bus.publish(userChannel(photo.photographerId), {
    type: 'photo_status',
    photo_id: photo.id,
    status,
  });
  if (status === 'CO') {
    await ctx.bus.publish(eventChannel(photo.eventId), {
      type: 'event_photo_added',
      event_id: photo.eventId,
      photo_id: photo.id,
    });
  }
}
