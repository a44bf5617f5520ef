import type { AppContext } from '../../context.js';
import type { PendingPushes } from '../notifications/after-commit.js';
import * as notifications from '../notifications/repo.js';
import { presentNotifications } from '../notifications/service.js';

/** Channel names on the bus. */
export const userChannel = (userId: string) => `user:${userId}`;
export const eventChannel = (eventId: string) => `event:${eventId}`;

/** After a commit: the notifications the transaction wrote, oldest first, then the badge count. */
export async function pushNotificationUpdates(ctx: AppContext, recipients: PendingPushes) {
  const db = ctx.database.db;
  for (const [userId, ids] of recipients) {
    const rows = await notifications.findOwnMany(db, [...ids], userId);
    for (const notification of await presentNotifications(ctx, rows)) {
      await ctx.bus.publish(userChannel(userId), { type: 'notification', notification });
    }
    const unread = await notifications.unreadCount(db, userId);
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
