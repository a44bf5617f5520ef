import { z } from 'zod';
import { Uuid } from './common.js';
import { Notification } from './notifications.js';
import { PhotoStatus } from './photos.js';

export { WS_CLOSE } from './socket-close-codes.js';

/**
 * Messages on `/api/ws/notifications/` (authenticate with `?token=<access>` or the
 * `Sec-WebSocket-Protocol: bearer, <access>` pair). Close codes: 4001 token expired (refresh and
 * reconnect), 4003 sign-in ended, 4029 too many sockets for this account.
 */
export const ServerMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('notification'), notification: Notification }),
  z.object({ type: z.literal('unread_count'), unread_count: z.number().int() }),
  z.object({ type: z.literal('photo_status'), photo_id: Uuid, status: PhotoStatus }),
  z.object({ type: z.literal('event_photo_added'), event_id: Uuid, photo_id: Uuid }),
  z.object({ type: z.literal('watching'), event_id: Uuid }),
  z.object({ type: z.literal('error'), code: z.string(), detail: z.string() }),
]);
export type ServerMessage = z.infer<typeof ServerMessage>;

export const ClientMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('watch_event'), event_id: Uuid }),
  z.object({ type: z.literal('unwatch_event'), event_id: Uuid }),
]);
export type ClientMessage = z.infer<typeof ClientMessage>;
