import type { AppContext } from '../../context.js';
import type { DbOrTx } from '../../db/client.js';
import { type Changes, noteNotification } from '../../facts.js';
import * as repo from './repo.js';

/**
 * Writing notifications, always inside the transaction of the action that caused them (the
 * reactions in `reactions.ts` call these), so an action and its notification commit or vanish
 * together. Nobody hears of their own action. Each write is noted in `changes`, for the push that
 * follows the commit.
 */
export interface NotificationInput {
  recipientId: string | null;
  actorId: string;
  verb: repo.NotificationRow['verb'];
  targetType: repo.NotificationRow['targetType'];
  targetId: string;
  photoId?: string;
  commentId?: string;
  eventId?: string;
}

const MAX_ACTORS = 3;

/** Merges the actor into a recent row of the same kind, or writes a new one. */
export async function recordNotification(
  ctx: AppContext,
  tx: DbOrTx,
  changes: Changes,
  input: NotificationInput,
) {
  if (!input.recipientId || input.recipientId === input.actorId) return;
  const key = { recipientId: input.recipientId, verb: input.verb, targetId: input.targetId };
  const now = ctx.clock.now();
  const merged = await repo.mergeActor(tx, key, windowStart(ctx, now), {
    actorId: input.actorId,
    now,
    maxActors: MAX_ACTORS,
  });
  const row =
    merged ??
    (await repo.insertNotification(tx, {
      ...key,
      targetType: input.targetType,
      photoId: input.photoId,
      commentId: input.commentId,
      eventId: input.eventId,
      actorIds: [input.actorId],
      createdAt: now,
      updatedAt: now,
    }));
  noteNotification(changes, input.recipientId, row);
}

/** Takes one back (an unlike within the window): the count drops, and the row goes at zero. */
export async function retractNotification(
  ctx: AppContext,
  tx: DbOrTx,
  changes: Changes,
  input: Pick<NotificationInput, 'recipientId' | 'actorId' | 'verb' | 'targetId'>,
) {
  if (!input.recipientId || input.recipientId === input.actorId) return;
  const key = { recipientId: input.recipientId, verb: input.verb, targetId: input.targetId };
  const row = await repo.unmergeActor(tx, key, windowStart(ctx, ctx.clock.now()), input.actorId);
  if (!row) return;
  if (row.count <= 0) await repo.deleteNotification(tx, row.id, input.recipientId);
  noteNotification(changes, input.recipientId);
}

/**
 * Removes the notifications about things that are going (photos, comments, an event), as the
 * database's cascade would a moment later, and notes whose unread count that moves.
 */
export async function clearNotifications(tx: DbOrTx, changes: Changes, about: repo.NotificationSubjects) {
  for (const recipientId of await repo.deleteNotificationsAbout(tx, about)) {
    noteNotification(changes, recipientId);
  }
}

const windowStart = (ctx: AppContext, now: Date) =>
  new Date(now.getTime() - ctx.config.NOTIFICATION_MERGE_WINDOW_S * 1000);
