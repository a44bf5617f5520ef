import type { AppContext } from '../../context.js';
import type { DbOrTx, Tx } from '../../db/client.js';
import { pushNotificationUpdates } from '../realtime/push.js';

/**
 * Notifications are written inside the action's transaction but pushed to sockets only after it
 * commits: a rolled-back like must never ring a phone. `recordNotification` notes whom to tell;
 * `notifyingTransaction` tells them once the commit is done.
 */
/** Per recipient, the notifications this transaction wrote (none: only their badge count changed). */
export type PendingPushes = Map<string, Set<string>>;
const pending = new WeakMap<object, PendingPushes>();

/**
 * Notes that `recipientId` must hear of `notificationId` (written or merged into) once the
 * transaction commits; without an id, only their badge count changed. The push sends exactly these
 * rows, not "the newest": two actions committing together each deliver their own.
 */
export function notePush(tx: DbOrTx, recipientId: string, notificationId?: string) {
  const recipients = pending.get(tx);
  if (!recipients) return;
  const ids = recipients.get(recipientId) ?? new Set<string>();
  if (notificationId) ids.add(notificationId);
  recipients.set(recipientId, ids);
}

export async function notifyingTransaction<T>(ctx: AppContext, work: (tx: Tx) => Promise<T>): Promise<T> {
  const recipients: PendingPushes = new Map();
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
