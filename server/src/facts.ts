import type { notifications } from './db/schema.js';

/**
 * What happened, in the words of the domain. A service records facts inside its transaction
 * (`ctx.transaction`); `side-effects.ts` maps each one to what must commit with it (notification
 * rows) and what is told once it has (sockets). A new kind of fact is added here, and the compiler
 * then asks for its reaction in that table.
 */
export type Fact =
  | {
      type: 'photo_uploaded';
      photoId: string;
      eventId: string;
      coordinatorId: string | null;
      actorId: string;
    }
  | { type: 'photo_processed'; photo: PhotoRef }
  | { type: 'photo_failed'; photo: PhotoRef }
  /** Recorded before the rows go, so its reaction can clear what hangs on them while they exist. */
  | { type: 'photo_deleted'; photoIds: string[] }
  | { type: 'event_deleted'; eventId: string; photoIds: string[] }
  | { type: 'people_tagged'; photoId: string; userIds: string[]; actorId: string }
  | { type: 'tag_removed'; photoId: string; userId: string; actorId: string }
  | { type: 'photo_liked'; photoId: string; photographerId: string; actorId: string }
  | { type: 'photo_unliked'; photoId: string; photographerId: string; actorId: string }
  | {
      type: 'comment_added';
      photoId: string;
      photographerId: string;
      commentId: string;
      actorId: string;
      /** The comment this one answers, for a reply. */
      answered: { commentId: string; authorId: string | null } | null;
    }
  /** Recorded before the rows go, like `photo_deleted`. */
  | { type: 'comment_deleted'; photoId: string; commentIds: string[] }
  | { type: 'member_invited'; eventId: string; userId: string; actorId: string };

export type FactType = Fact['type'];
export type FactOf<T extends FactType> = Extract<Fact, { type: T }>;

/** The photo a processing fact is about: enough to tell its photographer and its gallery. */
export interface PhotoRef {
  id: string;
  photographerId: string;
  eventId: string;
}

export type NotificationRow = typeof notifications.$inferSelect;

/** What a transaction changed, gathered while it runs and handed on once it has committed. */
export interface Changes {
  facts: Fact[];
  /**
   * Per recipient, the notifications written or merged, by id, as the transaction left them; an
   * empty map means only their unread count moved (a notification was taken back or cleared).
   */
  notifications: Map<string, Map<string, NotificationRow>>;
}

/** Notes that `recipientId` must hear of `row` after the commit, or only of their new badge count. */
export function noteNotification(changes: Changes, recipientId: string, row?: NotificationRow) {
  const rows = changes.notifications.get(recipientId) ?? new Map<string, NotificationRow>();
  if (row) rows.set(row.id, row);
  changes.notifications.set(recipientId, rows);
}
