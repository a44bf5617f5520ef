import type { AppContext } from '../../context.js';
import type { Viewer } from '../../http/auth.js';
import { findActiveUserBySession } from './repo.js';

/**
 * Who is behind a live sign-in, remembered for a few seconds per process. Every authenticated
 * request checked its sign-in with a query (sessions joined to users): on a feed page that was one
 * more round trip, a planned statement and a full user row to map, each time.
 *
 * Ending a sign-in or changing an account still takes effect at once, on every node: whatever
 * writes sessions or users calls `signInsChanged` after its commit, which forgets the entries here
 * and publishes the change on the bus for the other processes. `SIGN_IN_RECHECK_S` only bounds
 * what a node that missed a bus message can serve (and how far past its expiry a sign-in can be
 * honoured; its access token's own expiry is checked on every request regardless).
 */

const CHANNEL = 'sign-ins';
/** Sign-ins remembered per process; past this, the cache starts over (they are simply looked up again). */
const MAX_ENTRIES = 20_000;

/** What changed: one sign-in ended, or an account changed (its row, its role, all its sign-ins). */
export type SignInChange = { sessionId: string } | { userId: string };

const isChange = (m: unknown): m is SignInChange =>
  typeof m === 'object' &&
  m !== null &&
  (typeof (m as { sessionId?: unknown }).sessionId === 'string' ||
    typeof (m as { userId?: unknown }).userId === 'string');

interface Entry {
  viewer: Viewer;
  untilMs: number;
}

class SignInCache {
  private readonly known = new Map<string, Entry>();
  /** Bumped by every change: a lookup that overlapped one does not store what it read. */
  private epoch = 0;
  private listening: Promise<unknown> | undefined;

  constructor(private readonly ctx: AppContext) {}

  async viewer(sessionId: string, userId: string): Promise<Viewer | undefined> {
    // Listening starts before the first lookup, so no change can slip between the two.
    this.listening ??= this.ctx.bus.subscribe(CHANNEL, (message) => {
      if (isChange(message)) this.forget(message);
    });
    await this.listening;
    const nowMs = this.ctx.clock.now().getTime();
    const known = this.known.get(sessionId);
    if (known && known.viewer.id === userId && nowMs < known.untilMs) return known.viewer;

    const startedAt = this.epoch;
    const user = await findActiveUserBySession(this.ctx.database.db, sessionId, userId, this.ctx.clock.now());
    if (!user) return undefined;
    const viewer: Viewer = { id: user.id, username: user.username, role: user.role, sessionId, user };
    if (this.epoch === startedAt) {
      if (this.known.size >= MAX_ENTRIES) this.known.clear();
      this.known.set(sessionId, { viewer, untilMs: nowMs + this.ctx.config.SIGN_IN_RECHECK_S * 1000 });
    }
    return viewer;
  }

  forget(change: SignInChange) {
    this.epoch += 1;
    if ('sessionId' in change) {
      this.known.delete(change.sessionId);
      return;
    }
    for (const [sessionId, entry] of this.known) {
      if (entry.viewer.id === change.userId) this.known.delete(sessionId);
    }
  }
}

const caches = new WeakMap<AppContext, SignInCache>();

function cacheOf(ctx: AppContext): SignInCache {
  let cache = caches.get(ctx);
  if (!cache) {
    cache = new SignInCache(ctx);
    caches.set(ctx, cache);
  }
  return cache;
}

/** The viewer behind a live sign-in of an active account, or undefined. */
export const liveSignIn = (ctx: AppContext, sessionId: string, userId: string) =>
  cacheOf(ctx).viewer(sessionId, userId);

/**
 * Call after committing a change to a sign-in or an account: this process forgets it at once,
 * and the others when the bus delivers.
 */
export async function signInsChanged(ctx: AppContext, change: SignInChange): Promise<void> {
  cacheOf(ctx).forget(change);
  await ctx.bus.publish(CHANNEL, change);
}
