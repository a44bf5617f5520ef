import { ClientMessage, type ServerMessage, WS_CLOSE } from '@pixeli/contract';
import type { WebSocket } from 'ws';
import { requireEvent, requirePhoto } from '../../access/require.js';
import type { AccessViewer } from '../../access/viewer.js';
import type { AppContext } from '../../context.js';
import { unreadCount } from '../notifications/service.js';
import { type SocketFormat, toOriginalPush } from './original-format.js';
import { eventChannel, userChannel } from './push.js';
import { signInWatch } from './sign-in-watch.js';

/** One signed-in socket: its subscriptions, heartbeat, and the deadline of its token. */

const openSockets = new Map<string, Set<WebSocket>>();

export interface SocketSession {
  viewer: AccessViewer;
  sessionId: string;
  tokenExpiresAt: Date;
}

export async function serveSocket(
  ctx: AppContext,
  socket: WebSocket,
  session: SocketSession,
  format: SocketFormat = 'pixeli',
) {
  const { viewer } = session;
  const mine = openSockets.get(viewer.id) ?? new Set();
  if (mine.size >= ctx.config.WS_MAX_PER_USER) {
    socket.close(WS_CLOSE.tooManySockets, 'too many sockets');
    return;
  }
  mine.add(socket);
  openSockets.set(viewer.id, mine);

  // The bus carries our messages; a socket on the original's path hears them in its own format.
  const send = (message: ServerMessage) => {
    const framed = format === 'original' ? toOriginalPush(message) : message;
    if (framed && socket.readyState === socket.OPEN) socket.send(JSON.stringify(framed));
  };
  const unsubscribers: (() => void)[] = [];
  const watched = new Map<string, () => void>();
  // The client refreshes and reconnects when told its token ran out.
  const expiry = setTimeout(
    () => socket.close(WS_CLOSE.tokenExpired, 'token expired'),
    Math.max(0, session.tokenExpiresAt.getTime() - ctx.clock.now().getTime()),
  );
  // Each socket is pinged on its own beat; whether its sign-in is still live is checked for all
  // sockets at once, on the same period.
  const heartbeat = setInterval(() => socket.ping(), ctx.config.WS_HEARTBEAT_S * 1000);
  const signIn = { socket, sessionId: session.sessionId, userId: viewer.id };
  signInWatch(ctx).add(signIn);

  // Registered before anything is awaited: a client that leaves during a Redis round trip must
  // not leave its subscriptions, timers and place under WS_MAX_PER_USER behind.
  let closed = false;
  socket.on('close', () => {
    closed = true;
    clearTimeout(expiry);
    clearInterval(heartbeat);
    signInWatch(ctx).remove(signIn);
    for (const stop of [...unsubscribers, ...watched.values()]) stop();
    mine.delete(socket);
    if (mine.size === 0) openSockets.delete(viewer.id);
  });
  /** A subscription that resolves after the socket closed is ended at once; false then. */
  const kept = (stop: () => void) => {
    if (closed) stop();
    return !closed;
  };

  const subscribed = ctx.bus
    .subscribe(userChannel(viewer.id), (m) => send(m as ServerMessage))
    .then((stop) => {
      if (kept(stop)) unsubscribers.push(stop);
    });

  // Also registered before anything is awaited: a client may send `watch_event` the moment the
  // socket opens, while the server still waits on Redis; its message waits for the subscription.
  socket.on('message', async (data) => {
    try {
      await subscribed;
    } catch {
      return; // the socket is being closed by the failure below
    }
    let parsed: ReturnType<typeof ClientMessage.safeParse>;
    try {
      parsed = ClientMessage.safeParse(JSON.parse(String(data)));
    } catch {
      return send({ type: 'error', code: 'malformed_message', detail: 'Send JSON messages.' });
    }
    if (!parsed.success) return send({ type: 'error', code: 'unknown_message', detail: 'Unknown message.' });
    const message = parsed.data;
    if (message.type === 'unwatch_event') {
      watched.get(message.event_id)?.();
      watched.delete(message.event_id);
      return;
    }
    try {
      await requireEvent(ctx, viewer, message.event_id, 'read');
    } catch {
      return send({ type: 'error', code: 'event_not_found', detail: 'No such event.' });
    }
    if (!watched.has(message.event_id)) {
      const stop = await ctx.bus.subscribe(eventChannel(message.event_id), async (m) => {
        const added = m as { photo_id: string };
        // Forward only photos this viewer may see; the rest of the gallery stays private.
        const visible = await requirePhoto(ctx, viewer, added.photo_id, 'read').then(
          () => true,
          () => false,
        );
        if (visible) send(m as ServerMessage);
      });
      if (!kept(stop)) return;
      watched.set(message.event_id, stop);
    }
    send({ type: 'watching', event_id: message.event_id });
  });

  await subscribed;
  const unread = await unreadCount(ctx, viewer);
  send({ type: 'unread_count', unread_count: unread });
}
