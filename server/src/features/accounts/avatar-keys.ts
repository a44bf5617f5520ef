import type { AppContext } from '../../context.js';

/**
 * How a stored `profile_pic` is read. It holds either the key of a picture uploaded here
 * (`avatars/<user id>/<random>.webp`, never served without a signature) or, as in the original,
 * an outside https URL the person typed, which is shown as it is.
 */

const KEY_PREFIX = 'avatars/';

export const isAvatarKey = (stored: string) => stored.startsWith(KEY_PREFIX);

export const newAvatarKey = (userId: string, random: string) => `${KEY_PREFIX}${userId}/${random}.webp`;

/** What a reader gets: a signed URL of our picture (stable within a window, so it caches), or the outside URL. */
export async function avatarUrl(ctx: AppContext, stored: string | null): Promise<string | null> {
  if (stored === null || !isAvatarKey(stored)) return stored;
  return ctx.storage.signedUrl(stored, { ttlS: ctx.config.MEDIA_URL_TTL_S });
}

/**
 * Deletes our picture once the row points elsewhere. Called after the update: a failed delete leaves
 * an orphan file, never a profile pointing at nothing.
 */
export async function deleteReplacedAvatar(ctx: AppContext, previous: string | null, next: string | null) {
  if (!previous || !isAvatarKey(previous) || previous === next) return;
  await ctx.storage.deletePrefix(previous).catch((error: unknown) => {
    ctx.log.warn({ err: error, key: previous }, 'could not delete a replaced profile picture');
  });
}
