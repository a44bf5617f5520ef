import type { PhotoRead } from '@pixeli/contract';
import type { AccessViewer } from '../../access/viewer.js';
import type { AppContext } from '../../context.js';
import { likeSummaries } from '../engagement/repo.js';
import { presentPhotoRead } from './present.js';
import { type PhotoContext, taggedUsersOf } from './repo.js';
import { getPhoto } from './service.js';

/** PhotoRead of one photo as the viewer may see it (404 otherwise), with its tags and likes; records the view. */
export async function presentOnePhoto(ctx: AppContext, v: AccessViewer, photoId: string): Promise<PhotoRead> {
  const { found, tagged } = await getPhoto(ctx, v, photoId);
  const likes = await likeSummaries(ctx.database.db, [photoId], v.id);
  return presentPhotoRead(ctx, v, found, tagged, likes.get(photoId));
}

/**
 * PhotoRead of a photo the caller already loaded and checked (a like or unlike answers with it):
 * no second load, and no view recorded, since reacting to a photo is not looking at it again.
 */
export async function presentLoadedPhoto(
  ctx: AppContext,
  v: AccessViewer,
  found: PhotoContext,
): Promise<PhotoRead> {
  const id = found.photo.id;
  const [tagged, likes] = await Promise.all([
    taggedUsersOf(ctx.database.db, [id]),
    likeSummaries(ctx.database.db, [id], v.id),
  ]);
  return presentPhotoRead(ctx, v, found, tagged.get(id) ?? [], likes.get(id));
}
