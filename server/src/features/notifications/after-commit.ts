import type { AppContext } from '../../context.js';
import type { DbOrTx, Tx } from '../../db/client.js';
import { pushNotificationUpdates } from '../realtime/push.js';

/**
 * Notifications are written inside the action's transaction but pushed to sockets only after it
 * commits: a rolled-back like must never ring a phone. `recordNotification` notes whom to tell;
 * `notifyingTransaction` tells them once the commit is done.
 */
export type PushKind = 'new' | 'count';
const pending = new WeakMap<object, Map<string, PushKind>>();

export function notePush(tx: DbOrTx, recipientId: string, kind: PushKind) {
  const recipients = pending.get(tx);
  if (!recipients) return;
  // A new notification outranks a count change for the same person.
  if (recipients.get(recipientId) !== 'new') recipients.set(recipientId, kind);
}

export async function notifyingTransaction<T>(ctx: AppContext, work: (tx: Tx) => Promise<T>): Promise<T> {
  const recipients = new Map<string, PushKind>();
  const result = await ctx.database.db.transaction(async (tx) => {
    pending.set(tx, recipients);
    return work(tx);
  });
  if (recipients.size > 0) {
    void pushNotificationUpdates(ctx, recipients).catch((error) => {
      ctx.log.warn({ err: error }, 'could not push notifications');
    });
  }
  return result;
}
