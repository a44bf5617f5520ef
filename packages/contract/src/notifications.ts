import { z } from 'zod';
import { MiniUser } from './accounts.js';
import { ListLimit, Timestamp, Uuid } from './common.js';

export const NOTIFICATION_VERBS = [
  'TAGGED',
  'LIKED',
  'COMMENTED',
  'REPLIED',
  'EVENT_PHOTO_ADDED',
  'EVENT_INVITED',
  'PHOTO_FAILED',
] as const;
export const NotificationVerb = z.enum(NOTIFICATION_VERBS);
export type NotificationVerb = z.infer<typeof NotificationVerb>;

/** What a notification is about. */
export const NOTIFICATION_TARGET_TYPES = ['PHOTO', 'EVENT', 'COMMENT'] as const;
export const NotificationTargetType = z.enum(NOTIFICATION_TARGET_TYPES);
export type NotificationTargetType = z.infer<typeof NotificationTargetType>;

/** The original's notification shape; `actor` is the latest, `actors` the latest few, `data.count` how many merged. */
export const Notification = z
  .object({
    id: Uuid,
    actor: MiniUser.nullable(),
    actors: z.array(MiniUser),
    verb: NotificationVerb,
    target_type: NotificationTargetType,
    target_id: Uuid,
    data: z.object({
      count: z.number().int(),
      photo_id: Uuid.nullable(),
      event_id: Uuid.nullable(),
      comment_id: Uuid.nullable(),
    }),
    read: z.boolean(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: 'Notification' });
export type Notification = z.infer<typeof Notification>;

export const NotificationListQuery = z.object({
  read: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  /** Absent: the server's `LIST_LIMIT_DEFAULT` (the original client never pages). */
  limit: ListLimit.optional(),
  cursor: z.string().max(500).optional(),
});
export type NotificationListQuery = z.infer<typeof NotificationListQuery>;

/** Only a real JSON boolean: the original read the string "false" as true. */
export const NotificationPatchBody = z.object({ read: z.boolean() });
export const UnreadCount = z.object({ unread_count: z.number().int() });
export const ReadAllReply = z.object({ updated: z.number().int() });
