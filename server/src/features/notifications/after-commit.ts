import type { AppContext } from '../../context.js';
import type { DbOrTx, Tx } from '../../db/client.js';
import { pushNotificationUpdates } from '../realtime/push.js';
import type { NotificationRow } from './repo.js';

/**
 * Notifications are written inside the action's transaction but pushed to sockets only after it
 * commits: a rolled-back like must never ring a phone. `recordNotification` notes whom to tell;
 * `notifyingTransaction` tells them once the commit is done.
 */
/**
 * Per recipient, the notifications this transaction wrote, by id, as it left them (none: only
 * their badge count changed).
 */
export type PendingPushes = Map<string, Map<string, NotificationRow>>;
const pending = new WeakMap<object, PendingPushes>();

/**
 * Notes that `recipientId` must hear of `notification` (the row as this transaction wrote or merged
 * it) once the transaction commits; without one, only their badge count changed. The push sends
 * exactly these rows, not "the newest": two actions committing together each deliver their own,
 * and nothing is read back after the commit.
 */
export function notePush(tx: DbOrTx, recipientId: string, notification?: NotificationRow) {
  const recipients = pending.get(tx);
  if (!recipients) return;
  const rows = recipients.get(recipientId) ?? new Map<string, NotificationRow>();
  if (notification) rows.set(notification.id, notification);
  recipients.set(recipientId, rows);
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
