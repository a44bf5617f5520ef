import type { ServerMessage } from '@pixeli/contract';

/**
 * The original's socket (`/ws/notifications/`) pushed each notification as a bare object and
 * nothing else; its Flutter client shows a banner for every frame it receives. Our richer messages
 * (badge counts, photo status, galleries) have no counterpart there and are not sent.
 */
export type SocketFormat = 'pixeli' | 'original';

export interface OriginalPush {
  id: string;
  verb: string;
  actor: { id: string; username: string } | null;
  target_id: string;
  target_type: string;
  data: Record<string, unknown>;
  /** The original sent the row's `updated_at` here (a merge resends the same id). */
  timestamp: string;
  read: boolean;
}

export function toOriginalPush(message: ServerMessage): OriginalPush | undefined {
  if (message.type !== 'notification') return undefined;
  const n = message.notification;
  return {
    id: n.id,
    verb: n.verb,
    actor: n.actor && { id: n.actor.id, username: n.actor.username },
    target_id: n.target_id,
    target_type: n.target_type,
    data: n.data,
    timestamp: n.updated_at,
    read: n.read,
  };
}
