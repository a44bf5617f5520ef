import { WS_CLOSE } from '@pixeli/contract';
import type { WebSocket } from 'ws';
import type { AppContext } from '../../context.js';
import { liveSessionKeys } from '../accounts/service.js';

/**
 * Closes the sockets of sign-ins that ended (logout, revocation, a deactivated account), checking
 * every open socket of the process in one query per heartbeat. A query per socket cost ~1.2 ms of
 * the server's single database connection each: 5,000 sockets kept a quarter of a core busy, and
 * a mass reconnect bunched those queries into bursts that delayed every request.
 */
export interface WatchedSocket {
  socket: WebSocket;
  sessionId: string;
  userId: string;
}

/** Sign-ins per query: keeps the statement's parameter list modest. */
const CHUNK = 500;

class SignInWatch {
  private readonly sockets = new Set<WatchedSocket>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly ctx: AppContext) {}

  add(entry: WatchedSocket) {
    this.sockets.add(entry);
    if (this.timer) return;
    this.timer = setInterval(() => {
      void this.check().catch((error) =>
        this.ctx.log.warn({ err: error }, 'could not check socket sign-ins'),
      );
    }, this.ctx.config.WS_HEARTBEAT_S * 1000);
    this.timer.unref();
  }

  remove(entry: WatchedSocket) {
    this.sockets.delete(entry);
    if (this.sockets.size > 0 || !this.timer) return;
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async check() {
    const entries = [...this.sockets];
    const sessionIds = [...new Set(entries.map((entry) => entry.sessionId))];
    const now = this.ctx.clock.now();
    const live = new Set<string>();
    for (let i = 0; i < sessionIds.length; i += CHUNK) {
      const keys = await liveSessionKeys(this.ctx.database.db, sessionIds.slice(i, i + CHUNK), now);
      for (const key of keys) live.add(key);
    }
    for (const entry of entries) {
      if (!live.has(`${entry.sessionId}:${entry.userId}`))
        entry.socket.close(WS_CLOSE.signedOut, 'signed out');
    }
  }
}

const watches = new WeakMap<AppContext, SignInWatch>();

/** The watch of this app's sockets (one per context: tests run several apps in one process). */
export function signInWatch(ctx: AppContext): SignInWatch {
  let watch = watches.get(ctx);
  if (!watch) {
    watch = new SignInWatch(ctx);
    watches.set(ctx, watch);
  }
  return watch;
}
