import type { AppContext } from '../../context.js';
import type { DbOrTx } from '../../db/client.js';
import { notePush } from './after-commit.js';
import * as repo from './repo.js';

/**
 * Writing notifications, always inside the transaction of the action that caused them, so an
 * action and its notification commit or vanish together. Nobody hears of their own action.
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

export async function recordNotification(ctx: AppContext, tx: DbOrTx, input: NotificationInput) {
  if (!input.recipientId || input.recipientId === input.actorId) return;
  const key = { recipientId: input.recipientId, verb: input.verb, targetId: input.targetId };
  const now = ctx.clock.now();
  const existing = await repo.findMergeable(tx, key, windowStart(ctx, now));
  if (existing) {
    // The merged row moves to the top, unread again, with its newest actor first.
    await repo.updateNotification(tx, existing.id, {
      count: existing.count + 1,
      actorIds: [input.actorId, ...existing.actorIds.filter((id) => id !== input.actorId)].slice(
        0,
        MAX_ACTORS,
      ),
      read: false,
      updatedAt: now,
    });
    notePush(tx, input.recipientId, existing.id);
    return;
  }
  const id = await repo.insertNotification(tx, {
    ...key,
    targetType: input.targetType,
    photoId: input.photoId,
    commentId: input.commentId,
    eventId: input.eventId,
    actorIds: [input.actorId],
    createdAt: now,
    updatedAt: now,
  });
  notePush(tx, input.recipientId, id);
}

/** Takes one back (an unlike within the window): the count drops, and the row goes at zero. */
export async function retractNotification(
  ctx: AppContext,
  tx: DbOrTx,
  input: Pick<NotificationInput, 'recipientId' | 'actorId' | 'verb' | 'targetId'>,
) {
  if (!input.recipientId || input.recipientId === input.actorId) return;
  const key = { recipientId: input.recipientId, verb: input.verb, targetId: input.targetId };
  const existing = await repo.findMergeable(tx, key, windowStart(ctx, ctx.clock.now()));
  if (!existing) return;
  notePush(tx, input.recipientId);
  if (existing.count <= 1) {
    await repo.deleteNotification(tx, existing.id, input.recipientId);
    return;
  }
  await repo.updateNotification(tx, existing.id, {
    count: existing.count - 1,
    actorIds: existing.actorIds.filter((id) => id !== input.actorId),
  });
}

const windowStart = (ctx: AppContext, now: Date) =>
  new Date(now.getTime() - ctx.config.NOTIFICATION_MERGE_WINDOW_S * 1000);
