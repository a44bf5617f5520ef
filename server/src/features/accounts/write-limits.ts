import type { AccessViewer } from '../../access/viewer.js';
import type { Config } from '../../config.js';
import type { AppContext } from '../../context.js';
import { AppError } from '../../errors.js';

/**
 * Write limits per account, as one table: each kind of write names the counters it spends, their
 * config values and windows. Far above what a person does; they stop a script or a stolen token
 * from flooding a photo with comments, people with notifications, or the disk with uploads.
 */
export type WriteKind = 'comment' | 'like' | 'tag' | 'share' | 'invite' | 'upload';

const HOUR_S = 60 * 60;
const DAY_S = 24 * HOUR_S;

interface Counter {
  /** What the person did too much of, in the refusal: "comments", "uploads"... */
  name: string;
  limit: number;
  windowS: number;
  cost: number;
}

/** `amount` is how many of the kind one call writes: people tagged, or an uploaded file's bytes. */
const WRITE_LIMITS: Record<WriteKind, (c: Config, amount: number) => Counter[]> = {
  comment: (c, n) => [{ name: 'comments', limit: c.RATE_COMMENTS_PER_HOUR, windowS: HOUR_S, cost: n }],
  like: (c, n) => [{ name: 'likes', limit: c.RATE_LIKES_PER_HOUR, windowS: HOUR_S, cost: n }],
  tag: (c, n) => [{ name: 'tags', limit: c.RATE_TAGS_PER_HOUR, windowS: HOUR_S, cost: n }],
  share: (c, n) => [{ name: 'shares', limit: c.RATE_SHARES_PER_HOUR, windowS: HOUR_S, cost: n }],
  invite: (c, n) => [{ name: 'invites', limit: c.RATE_INVITES_PER_HOUR, windowS: HOUR_S, cost: n }],
  upload: (c, bytes) => [
    { name: 'upload_files', limit: c.RATE_UPLOAD_FILES_PER_HOUR, windowS: HOUR_S, cost: 1 },
    { name: 'upload_bytes', limit: c.RATE_UPLOAD_BYTES_PER_DAY, windowS: DAY_S, cost: bytes },
  ],
};

/**
 * Spends `amount` of the viewer's allowance for `kind`, or throws 429 with `Retry-After`. Called
 * first in each write use case, so a refused write has touched nothing.
 */
export async function requireWriteAllowance(
  ctx: AppContext,
  viewer: AccessViewer,
  kind: WriteKind,
  amount = 1,
): Promise<void> {
  const counters = WRITE_LIMITS[kind](ctx.config, amount);
  const decisions = await Promise.all(
    counters.map((c) => ctx.limiter.hit(`write:${c.name}:${viewer.id}`, c.limit, c.windowS, c.cost)),
  );
  const refused = counters.flatMap((c, i) => (decisions[i]?.allowed ? [] : [{ c, d: decisions[i]! }]));
  if (refused.length === 0) return;
  const retryAfterS = Math.max(...refused.map((r) => r.d.retryAfterS));
  throw new AppError(
    429,
    'throttled',
    `You have reached the limit for ${LABELS[refused[0]!.c.name]}. Try again in ${retryAfterS} seconds.`,
    { 'retry-after': String(retryAfterS) },
  );
}

const LABELS: Record<string, string> = {
  comments: 'comments',
  likes: 'likes',
  tags: 'people tags',
  shares: 'share links',
  invites: 'invitations',
  upload_files: 'uploaded photos this hour',
  upload_bytes: 'upload size today',
};
