import { type ClientMessage, type ServerMessage, WS_CLOSE } from '@pixeli/contract';
import type { Session } from './session';

export const SOCKET_PATH = '/api/ws/notifications/';

type Listener = (message: ServerMessage) => void;

export interface LiveSocket {
  /** Messages from the server (notifications, badge counts, photo status, gallery additions). */
  subscribe(listener: Listener): () => void;
  /** Ask for an event's `event_photo_added` messages while the returned function is not called. */
  watchEvent(eventId: string): () => void;
  /** Opens when signed in, closes when signed out; called once by the app. */
  start(): () => void;
}

/**
 * One socket per tab, shared by every screen. The access token goes in the `bearer` subprotocol
 * (never in the URL, where logs keep it). It reconnects with a growing delay, refreshes the token
 * when the server closes for expiry (4001), stops when the sign-in ended (4003), and re-sends the
 * events being watched after each reconnect, since the server forgets them with the socket.
 */
export function createLiveSocket(
  session: Session,
  makeSocket: (url: string, protocols: string[]) => WebSocket = (url, protocols) =>
    new WebSocket(url, protocols),
): LiveSocket {
  const listeners = new Set<Listener>();
  const watched = new Map<string, number>();
  let socket: WebSocket | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let attempts = 0;
  let running = false;

  const send = (message: ClientMessage) => {
    if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  };

  const scheduleReconnect = () => {
    if (!running) return;
    clearTimeout(retryTimer);
    const delay = Math.min(30_000, 1000 * 2 ** attempts) * (0.75 + Math.random() * 0.5);
    attempts += 1;
    retryTimer = setTimeout(connect, delay);
  };

  function connect() {
    const token = session.snapshot().access;
    if (!running || !token) return;
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const ws = makeSocket(`${scheme}://${location.host}${SOCKET_PATH}`, ['bearer', token]);
    socket = ws;
    ws.onopen = () => {
      attempts = 0;
      for (const eventId of watched.keys()) send({ type: 'watch_event', event_id: eventId });
    };
    ws.onmessage = (frame) => {
      let message: ServerMessage;
      try {
        message = JSON.parse(String(frame.data)) as ServerMessage;
      } catch {
        return;
      }
      for (const listener of listeners) listener(message);
    };
    ws.onclose = (close) => {
      if (socket !== ws) return;
      socket = null;
      if (close.code === WS_CLOSE.signedOut) {
        session.ended();
        return;
      }
      if (close.code === WS_CLOSE.tokenExpired) {
        void session.refreshAfter(token).then((fresh) => (fresh ? connect() : undefined));
        return;
      }
      scheduleReconnect();
    };
  }

  const disconnect = () => {
    clearTimeout(retryTimer);
    const ws = socket;
    socket = null;
    ws?.close(1000);
  };

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    watchEvent(eventId) {
      const count = watched.get(eventId) ?? 0;
      watched.set(eventId, count + 1);
      if (count === 0) send({ type: 'watch_event', event_id: eventId });
      return () => {
        const left = (watched.get(eventId) ?? 1) - 1;
        if (left > 0) {
          watched.set(eventId, left);
          return;
        }
        watched.delete(eventId);
        send({ type: 'unwatch_event', event_id: eventId });
      };
    },
    start() {
      const follow = () => {
        const { status } = session.snapshot();
        if (status === 'signed-in' && !running) {
          running = true;
          connect();
        } else if (status !== 'signed-in' && running) {
          running = false;
          disconnect();
        }
      };
      follow();
      const unsubscribe = session.subscribe(follow);
      const online = () => {
        if (running && !socket) {
          attempts = 0;
          connect();
        }
      };
      window.addEventListener('online', online);
      return () => {
        unsubscribe();
        window.removeEventListener('online', online);
        running = false;
        disconnect();
      };
    },
  };
}
