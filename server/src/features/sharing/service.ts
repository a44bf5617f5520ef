import { createHash, randomBytes } from 'node:crypto';
import type { ShareCreateBody } from '@pixeli/contract';
import { requirePhoto } from '../../access/require.js';
import { canRevokeShare, shareLinkStillAllowed } from '../../access/shares.js';
import type { AccessViewer } from '../../access/viewer.js';
import { publicBaseUrl } from '../../config.js';
import type { AppContext } from '../../context.js';
import { AppError, fieldError, forbidden, notFound } from '../../errors.js';
import { toMiniUser } from '../accounts/present.js';
import {
  clearAccountLimit,
  enforceLimit,
  hashPassword,
  requireWriteAllowance,
  verifyPassword,
} from '../accounts/service.js';
import { originalKey, variantKey } from '../photos/service.js';
import { shareLinkGate } from './link-gate.js';
import * as repo from './repo.js';

/**
 * Share links: a 192-bit random token for one photo's watermarked copy or original, until a
 * deadline, optionally behind a password. Opening one needs no account; what it hands out is a
 * URL that lives a minute and names the link, so the media route refuses it once the link stops.
 */

const MAX_LIFETIME_DAYS = 365;
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
export const shareUrl = (ctx: AppContext, token: string) => `${publicBaseUrl(ctx.config)}/s/${token}`;

export const toShare = (row: repo.ShareRow) => ({
  id: row.id,
  photo: row.photoId,
  variant_key: row.variant,
  expires_at: row.expiresAt.toISOString(),
  has_password: row.passwordHash !== null,
  opens: row.opens,
  revoked: row.revokedAt !== null,
  created_at: row.createdAt.toISOString(),
});

export async function createShare(ctx: AppContext, v: AccessViewer, photoId: string, body: ShareCreateBody) {
  await requireWriteAllowance(ctx, v, 'share');
  const found = await requirePhoto(
    ctx,
    v,
    photoId,
    body.variant_key === 'O' ? ['share', 'share_original'] : 'share',
  );
  if (found.photo.status !== 'CO')
    throw new AppError(409, 'photo_not_ready', 'This photo is still being processed.');
  const now = ctx.clock.now();
  const expiresAt = new Date(body.expires_at);
  if (expiresAt <= now) throw fieldError('expires_at', 'Choose a time in the future.');
  if (expiresAt.getTime() - now.getTime() > MAX_LIFETIME_DAYS * 86_400_000) {
    throw fieldError('expires_at', `A link can live at most ${MAX_LIFETIME_DAYS} days.`);
  }
  const token = randomBytes(24).toString('base64url');
  const row = await repo.insertShare(ctx.database.db, {
    tokenHash: hashToken(token),
    photoId,
    createdById: v.id,
    variant: body.variant_key,
    expiresAt,
    passwordHash: body.password ? await hashPassword(body.password) : null,
  });
  return { ...toShare(row), token, share_url: shareUrl(ctx, token) };
}

const shareUnknown = () => notFound('This link is invalid, expired or revoked.');
/** A link that existed and works no more: 410, as the media route answers its images. */
const shareGone = () => new AppError(410, 'share_link_gone', 'This link has expired or was revoked.');

/** A link that was checked (live, right password) and counted as opened. */
export type OpenedShare = NonNullable<Awaited<ReturnType<typeof repo.findShareByHash>>>;

/**
 * Checks a link and its password and counts the open: 404 for a link that is unknown; 410 for one
 * expired, revoked, whose photo is not there, or whose creator may no longer share it
 * (`canShareLinkLive`, checked now, so the link works again if their rights come back); 401
 * without the right password.
 * A `HEAD` request (a link checker, a chat app peeking before it fetches) is answered the same
 * but is not an open: pass `count: false`.
 */
export async function unlockShare(
  ctx: AppContext,
  token: string,
  password: string | undefined,
  ip: string,
  options: { count?: boolean } = {},
): Promise<OpenedShare> {
  const found = await repo.findShareByHash(ctx.database.db, hashToken(token));
  const now = ctx.clock.now();
  if (!found) throw shareUnknown();
  if (found.share.revokedAt || found.share.expiresAt <= now || found.photo.status !== 'CO') throw shareGone();
  if (!(await shareLinkStillAllowed(ctx.database.db, found.creator, found.photo.id, found.share.variant))) {
    throw shareGone();
  }
  if (found.share.passwordHash) {
    if (!password) throw new AppError(401, 'share_password_required', 'This link needs its password.');
    await enforceLimit(ctx, 'share_password', ip, found.share.id);
    if (!(await verifyPassword(found.share.passwordHash, password))) {
      throw new AppError(401, 'share_password_invalid', 'Wrong password for this link.');
    }
    // As a sign-in does: the link's count is of guesses, so a popular link is not locked by its readers.
    await clearAccountLimit(ctx, 'share_password', found.share.id);
  }
  if (options.count !== false) await repo.countOpen(ctx.database.db, found.share.id);
  return found;
}

/**
 * A URL of the shared variant that lives `SHARE_URL_TTL_S` (a minute by default) and only while the
 * link stands; with `download`, one that saves the file under a readable name.
 * `display` asks for what a page shows instead: for a link to the original, its clean 1600 px
 * preview (the original may be a 30 MB photo, or a HEIC no browser draws), while the download
 * stays the original.
 */
export function sharedMediaUrl(
  ctx: AppContext,
  opened: OpenedShare,
  options: { download?: boolean; display?: boolean } = {},
) {
  const { photo, share } = opened;
  const key =
    share.variant === 'W'
      ? variantKey(photo.id, 'watermarked')
      : options.display
        ? variantKey(photo.id, 'preview')
        : originalKey(photo.id, photo.originalType);
  const downloadName = options.download ? downloadNameOf(opened, key) : undefined;
  // Bound to the link: the media route refuses the URL as soon as the link stops.
  return ctx.storage.signedUrl(key, { ttlS: ctx.config.SHARE_URL_TTL_S, downloadName, link: share.id });
}

/** "spring-gala-3f2a9c1e.jpg": the event's title in plain letters, the photo's id, the key's extension. */
function downloadNameOf(opened: OpenedShare, key: string) {
  const slug = opened.eventTitle
    .normalize('NFKD')
    .replace(/\p{M}/gu, '') // the accents NFKD split off: "Fête" -> "Fete", not "Fe-te"
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  const extension = key.slice(key.lastIndexOf('.'));
  return `${slug || 'photo'}-${opened.photo.id.slice(0, 8)}${extension}`;
}

/** What a shared photo shows anyone holding the link: public fields only (no EXIF location). */
async function presentShared(ctx: AppContext, opened: OpenedShare, url: string) {
  const { photo, share } = opened;
  return {
    photo: {
      id: photo.id,
      width: photo.width,
      height: photo.height,
      timestamp: photo.timestamp.toISOString(),
      caption: photo.caption,
      thumbhash: photo.thumbhash,
      event_title: opened.eventTitle,
      photographer: await toMiniUser(ctx, opened.photographer),
    },
    variant_key: share.variant,
    expires_at: share.expiresAt.toISOString(),
    url,
  };
}

/** Opens a link for the API: checks it, its password, counts the open, and signs a short-lived URL. */
export async function openShare(
  ctx: AppContext,
  token: string,
  password: string | undefined,
  ip: string,
  options: { count?: boolean } = {},
) {
  const opened = await unlockShare(ctx, token, password, ip, options);
  return presentShared(ctx, opened, await sharedMediaUrl(ctx, opened));
}

/** The creator, the photographer, the event's coordinator or an admin may revoke a link. */
async function revoke(ctx: AppContext, v: AccessViewer, row: Awaited<ReturnType<typeof repo.findShareById>>) {
  if (!row) throw shareUnknown();
  const { photographerId, coordinatorId } = row;
  if (!canRevokeShare(v, { createdById: row.share.createdById, photographerId, coordinatorId }))
    throw forbidden(
      'share_not_yours',
      'Only its creator, the photographer, the coordinator or an admin can revoke this link.',
    );
  await repo.revokeShare(ctx.database.db, row.share.id, ctx.clock.now());
  await shareLinkGate(ctx)
    .revoked(row.share.id)
    // This process already refuses the link; others would within SHARE_LINK_RECHECK_S anyway.
    .catch((error) => ctx.log.warn({ err: error }, 'could not announce a revoked share link'));
}

/** Whether the share link a media URL is bound to still stands (for the media route, cached). */
export const shareLinkIsLive = (ctx: AppContext, id: string) => shareLinkGate(ctx).isLive(id);

export async function revokeByToken(ctx: AppContext, v: AccessViewer, token: string) {
  const found = await repo.findShareByHash(ctx.database.db, hashToken(token));
  await revoke(ctx, v, found && (await repo.findShareById(ctx.database.db, found.share.id)));
}

export async function revokeById(ctx: AppContext, v: AccessViewer, id: string) {
  await revoke(ctx, v, await repo.findShareById(ctx.database.db, id));
}

/** Every live link to a photo, whoever made it, for the people who answer for the photo. */
export async function sharesOfPhoto(ctx: AppContext, v: AccessViewer, photoId: string) {
  await requirePhoto(ctx, v, photoId, 'manage_shares');
  const rows = await repo.listLiveSharesOf(ctx.database.db, photoId, ctx.clock.now(), 200);
  return Promise.all(
    rows.map(async (row) => ({ ...toShare(row.share), created_by: await toMiniUser(ctx, row.creator) })),
  );
}

export async function myShares(ctx: AppContext, v: AccessViewer) {
  return (await repo.listSharesBy(ctx.database.db, v.id, 200)).map(toShare);
}
