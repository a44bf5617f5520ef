import { shareLinkStillAllowed } from '../../access/shares.js';
import type { AppContext } from '../../context.js';
import * as repo from './repo.js';

/**
 * Whether a share link still stands, for the media route, which asks on every image request (a
 * browser may send several range requests per image). Answers come from an in-process cache:
 * - a revoked, expired or deleted link is dead for good, and a revocation is published on the bus,
 *   so every process learns of it at once;
 * - any other answer (live, or dead by its creator's rights, which may come back) is kept
 *   `SHARE_LINK_RECHECK_S`, never past the link's expiry: a change of rights, or a bus message a
 *   node missed, takes effect within that.
 * An unknown id costs two indexed queries, once per link per interval, never one per byte range.
 */

const CHANNEL = 'share-links';
/** Links remembered per process; the oldest go first, and are simply looked up again if asked. */
const MAX_ENTRIES = 10_000;

interface Standing {
  live: boolean;
  untilMs: number;
}
const DEAD_FOR_GOOD: Standing = { live: false, untilMs: Number.POSITIVE_INFINITY };

export interface RevokedMessage {
  revoked: string;
}
const isRevokedMessage = (m: unknown): m is RevokedMessage =>
  typeof m === 'object' && m !== null && typeof (m as RevokedMessage).revoked === 'string';

class ShareLinkGate {
  private readonly known = new Map<string, Standing>();
  /** One lookup per link at a time: the requests of one page load wait for the same answer. */
  private readonly pending = new Map<string, Promise<Standing>>();
  private listening: Promise<unknown> | undefined;

  constructor(private readonly ctx: AppContext) {}

  async isLive(id: string): Promise<boolean> {
    // Listening starts before the first lookup, so no revocation can slip between the two.
    this.listening ??= this.ctx.bus.subscribe(CHANNEL, (message) => {
      if (isRevokedMessage(message)) this.remember(message.revoked, DEAD_FOR_GOOD);
    });
    await this.listening;
    const known = this.known.get(id);
    if (known && this.ctx.clock.now().getTime() < known.untilMs) return known.live;
    let lookup = this.pending.get(id);
    if (!lookup) {
      lookup = this.lookUp(id).finally(() => this.pending.delete(id));
      this.pending.set(id, lookup);
    }
    return (await lookup).live;
  }

  /** Marks a link dead here at once and tells every other process. */
  async revoked(id: string): Promise<void> {
    this.remember(id, DEAD_FOR_GOOD);
    const message: RevokedMessage = { revoked: id };
    await this.ctx.bus.publish(CHANNEL, message);
  }

  private async lookUp(id: string): Promise<Standing> {
    const row = await repo.findShareById(this.ctx.database.db, id);
    const nowMs = this.ctx.clock.now().getTime();
    let standing: Standing;
    if (!row || row.share.revokedAt || row.share.expiresAt.getTime() <= nowMs) standing = DEAD_FOR_GOOD;
    else {
      const live =
        row.photoStatus === 'CO' &&
        (await shareLinkStillAllowed(
          this.ctx.database.db,
          row.creator,
          row.share.photoId,
          row.share.variant,
        ));
      const untilMs = Math.min(
        nowMs + this.ctx.config.SHARE_LINK_RECHECK_S * 1000,
        row.share.expiresAt.getTime(),
      );
      standing = { live, untilMs };
    }
    // A revocation heard while this lookup ran wins over what the lookup read.
    if (this.known.get(id) !== DEAD_FOR_GOOD) this.remember(id, standing);
    return this.known.get(id) ?? standing;
  }

  private remember(id: string, standing: Standing) {
    this.known.delete(id);
    this.known.set(id, standing);
    if (this.known.size > MAX_ENTRIES) this.known.delete(this.known.keys().next().value as string);
  }
}

const gates = new WeakMap<AppContext, ShareLinkGate>();

/** The gate of this app (one per context: tests run several apps in one process). */
export function shareLinkGate(ctx: AppContext): ShareLinkGate {
  let gate = gates.get(ctx);
  if (!gate) {
    gate = new ShareLinkGate(ctx);
    gates.set(ctx, gate);
  }
  return gate;
}
