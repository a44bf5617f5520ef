import { SYSTEM_VIEWER } from '../../access/viewer.js';
import type { AppContext } from '../../context.js';
import type { Tx } from '../../db/client.js';
import type { Changes, FactOf, FactType } from '../../facts.js';
import {
  clearNotifications,
  type NotificationInput,
  recordNotification,
  retractNotification,
} from './record.js';

/**
 * Each fact and the notifications it writes or clears, in the transaction that recorded it. The
 * table is exhaustive: a new kind of fact does not compile until it has a row here (`none` when
 * nobody is to be told).
 */
type Reaction<T extends FactType> = (
  ctx: AppContext,
  tx: Tx,
  fact: FactOf<T>,
  changes: Changes,
) => Promise<void>;

const none = async () => {};

/** A notification about a photo: its target, and the photo it links to. */
const aboutPhoto = (
  verb: NotificationInput['verb'],
  photoId: string,
  recipientId: string | null,
  actorId: string,
): NotificationInput => ({ recipientId, actorId, verb, targetType: 'PHOTO', targetId: photoId, photoId });

/** A notification about an event. */
const aboutEvent = (
  verb: NotificationInput['verb'],
  eventId: string,
  recipientId: string | null,
  actorId: string,
): NotificationInput => ({ recipientId, actorId, verb, targetType: 'EVENT', targetId: eventId, eventId });

export const notificationReactions: { [T in FactType]: Reaction<T> } = {
  // One row per event while uploads keep coming: "Ada added 12 photos to Spring Fest".
  photo_uploaded: (ctx, tx, f, changes) =>
    recordNotification(ctx, tx, changes, {
      ...aboutEvent('EVENT_PHOTO_ADDED', f.eventId, f.coordinatorId, f.actorId),
      photoId: f.photoId,
    }),

  photo_processed: none,

  // The system is the actor, so the own-action rule never silences it.
  photo_failed: (ctx, tx, f, changes) =>
    recordNotification(
      ctx,
      tx,
      changes,
      aboutPhoto('PHOTO_FAILED', f.photo.id, f.photo.photographerId, SYSTEM_VIEWER.id),
    ),

  photo_deleted: (_ctx, tx, f, changes) => clearNotifications(tx, changes, { photoIds: f.photoIds }),

  event_deleted: (_ctx, tx, f, changes) =>
    clearNotifications(tx, changes, { photoIds: f.photoIds, eventId: f.eventId }),

  people_tagged: async (ctx, tx, f, changes) => {
    for (const userId of f.userIds) {
      await recordNotification(ctx, tx, changes, aboutPhoto('TAGGED', f.photoId, userId, f.actorId));
    }
  },

  // "Ada tagged you" is void once the tag is gone.
  tag_removed: (_ctx, tx, f, changes) =>
    clearNotifications(tx, changes, {
      photoIds: [f.photoId],
      only: { recipientId: f.userId, verb: 'TAGGED' },
    }),

  photo_liked: (ctx, tx, f, changes) =>
    recordNotification(ctx, tx, changes, aboutPhoto('LIKED', f.photoId, f.photographerId, f.actorId)),

  photo_unliked: (ctx, tx, f, changes) =>
    retractNotification(ctx, tx, changes, {
      recipientId: f.photographerId,
      actorId: f.actorId,
      verb: 'LIKED',
      targetId: f.photoId,
    }),

  // The person answered hears REPLIED; the photographer hears COMMENTED, unless they were answered.
  comment_added: async (ctx, tx, f, changes) => {
    const about = { actorId: f.actorId, photoId: f.photoId, commentId: f.commentId };
    if (f.answered?.authorId) {
      await recordNotification(ctx, tx, changes, {
        ...about,
        recipientId: f.answered.authorId,
        verb: 'REPLIED',
        targetType: 'COMMENT',
        targetId: f.answered.commentId,
      });
    }
    if (f.photographerId !== f.answered?.authorId) {
      await recordNotification(ctx, tx, changes, {
        ...aboutPhoto('COMMENTED', f.photoId, f.photographerId, f.actorId),
        commentId: f.commentId,
      });
    }
  },

  comment_deleted: (_ctx, tx, f, changes) => clearNotifications(tx, changes, { commentIds: f.commentIds }),

  member_invited: (ctx, tx, f, changes) =>
    recordNotification(ctx, tx, changes, aboutEvent('EVENT_INVITED', f.eventId, f.userId, f.actorId)),
};
