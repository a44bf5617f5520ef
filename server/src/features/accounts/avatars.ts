import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { AVATAR_FIELD, AVATAR_MAX_BYTES } from '@pixeli/contract';
import sharp from 'sharp';
import type { AppContext } from '../../context.js';
import { AppError } from '../../errors.js';
import type { Viewer } from '../../http/auth.js';
import type { ReceivedUpload } from '../../http/multipart.js';
import { sniffImageType } from '../media/service.js';
import { deleteReplacedAvatar, newAvatarKey } from './avatar-keys.js';
import { getMe } from './profiles.js';
import * as repo from './repo.js';
import { signInsChanged } from './sign-in-cache.js';
import { requireWriteAllowance } from './write-limits.js';

/**
 * A person's own picture. The upload is re-encoded here (a 256 px square WebP, metadata stripped,
 * so no camera GPS leaves with it) and kept in the media store under a random key; the `profile_pic`
 * column then holds that key, and every answer presents it as a signed, expiring URL (see
 * `avatar-keys.ts`).
 */

/** The form field and the size limit are the contract's (a phone photo is a few MB). */
export { AVATAR_FIELD, AVATAR_MAX_BYTES };

const AVATAR_SIZE = 256;
/** Decoding is refused past this many pixels, before any is decoded (a 20000x15000 PNG bomb). */
const AVATAR_MAX_PIXELS = 50_000_000;
/** HEIC needs a converter process; a profile picture can ask the person for a JPEG instead. */
const ACCEPTED = new Set(['jpeg', 'png', 'webp', 'avif']);

const badImage = (message: string) => new AppError(400, 'invalid_image', message);

/** Replaces the viewer's picture with the one uploaded; the old one is deleted once the row points at the new. */
export async function setAvatar(ctx: AppContext, viewer: Viewer, upload: ReceivedUpload) {
  const files = upload.files.filter((f) => f.field === AVATAR_FIELD);
  const [file] = files;
  if (!file || files.length !== 1 || upload.files.length !== 1) {
    throw badImage(`Send one image in the "${AVATAR_FIELD}" field.`);
  }
  await requireWriteAllowance(ctx, viewer, 'upload', file.size);
  if (file.tooLarge || file.size > AVATAR_MAX_BYTES) {
    throw new AppError(
      413,
      'file_too_large',
      `A profile picture can be at most ${AVATAR_MAX_BYTES / 1024 / 1024} MB.`,
    );
  }
  const type = sniffImageType(file.head);
  if (!type || !ACCEPTED.has(type)) throw badImage('Choose a JPEG, PNG, WebP or AVIF image.');
  const webp = await squareWebp(await readFile(file.tempPath));
  const key = newAvatarKey(viewer.id, randomBytes(16).toString('hex'));
  await ctx.storage.put(key, webp, 'image/webp');
  return replaceStored(ctx, viewer, key);
}

/** Removes the viewer's picture (ours or an outside URL); removing none is not an error. */
export async function removeAvatar(ctx: AppContext, viewer: Viewer) {
  return replaceStored(ctx, viewer, null);
}

async function replaceStored(ctx: AppContext, viewer: Viewer, next: string | null) {
  const user = await repo.updateUser(ctx.database.db, viewer.id, { profilePic: next });
  await signInsChanged(ctx, { userId: viewer.id });
  await deleteReplacedAvatar(ctx, viewer.user.profilePic, next);
  return getMe(ctx, { ...viewer, user: user ?? viewer.user });
}

async function squareWebp(input: Buffer): Promise<Buffer> {
  try {
    return await sharp(input, { limitInputPixels: AVATAR_MAX_PIXELS, failOn: 'error' })
      .rotate()
      .resize(AVATAR_SIZE, AVATAR_SIZE, { fit: 'cover', position: 'centre' })
      .webp({ quality: 82 })
      .toBuffer();
  } catch {
    throw badImage('This image could not be read. Choose another.');
  }
}
