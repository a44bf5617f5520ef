import type { AppContext } from '../../context.js';
import type { Changes, PhotoRef } from '../../facts.js';
import { presentForPush } from '../notifications/service.js';

/** Channel names on the bus. */
export const userChannel = (userId: string) => `user:${userId}`;
export const eventChannel = (eventId: string) => `event:${eventId}`;

/**
 * After a commit, what its sockets must hear, published on the bus so every node's sockets do:
 * each recipient's new notifications and badge count, and the status of processed photos.
 */
export async function announceCommitted(ctx: AppContext, changes: Changes) {
  for (const [userId, written] of changes.notifications) {
    const { notifications, unread } = await presentForPush(ctx, userId, [...written.values()]);
    for (const notification of notifications) {
      await ctx.bus.publish(userChannel(userId), { type: 'notification', notification });
    }
    await ctx.bus.publish(userChannel(userId), { type: 'unread_count', unread_count: unread });
  }
  for (const fact of changes.facts) {
    if (fact.type === 'photo_processed') await announcePhotoStatus(ctx, fact.photo, 'CO');
    if (fact.type === 'photo_failed') await announcePhotoStatus(ctx, fact.photo, 'FA');
  }
}

/** When processing ends: the uploader hears the status; a completed photo appears in watched galleries. */
async function announcePhotoStatus(ctx: AppContext, photo: PhotoRef, status: 'CO' | 'FA') {
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
