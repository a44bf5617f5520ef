import type { PhotoRead } from '@pixeli/contract';
import type { AccessViewer } from '../../access/viewer.js';
import type { AppContext } from '../../context.js';
import { presentPhotoRead } from './present.js';
import { type PhotoContext, tagsAndLikesOf } from './repo.js';
import { viewPhoto } from './service.js';

/** PhotoRead of one photo as the viewer may see it (404 otherwise); records the view. */
export async function presentOnePhoto(ctx: AppContext, v: AccessViewer, photoId: string): Promise<PhotoRead> {
  return presentLoadedPhoto(ctx, v, await viewPhoto(ctx, v, photoId));
}

/**
 * PhotoRead of a photo the caller already loaded and checked, with its tags and likes; records
 * nothing. Reading a photo counts a view first (`presentOnePhoto`); a like or unlike answers with
 * it as is, since reacting to a photo is not looking at it again.
 */
export async function presentLoadedPhoto(
  ctx: AppContext,
  v: AccessViewer,
  found: PhotoContext,
): Promise<PhotoRead> {
  const { tagged, likes } = await tagsAndLikesOf(ctx.database.db, found.photo.id, v.id);
  return presentPhotoRead(ctx, v, found, tagged, likes);
}
