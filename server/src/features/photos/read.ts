import type { PhotoRead } from '@pixeli/contract';
import { requirePhoto } from '../../access/require.js';
import type { AccessViewer } from '../../access/viewer.js';
import type { AppContext } from '../../context.js';
import { presentPhotoRead } from './present.js';
import { facesOfPhoto, type PhotoContext, recordView, tagsAndLikesOf } from './repo.js';

/** The photo if the viewer may see it (404 otherwise), counted as viewed. */
async function viewPhoto(ctx: AppContext, v: AccessViewer, id: string) {
  const found = await requirePhoto(ctx, v, id, 'read');
  // Views count people, once a day each; a photographer looking at their own photo is not a view.
  if (found.photo.photographerId !== v.id && found.photo.status === 'CO') {
    await recordView(ctx.database.db, id, v.id, ctx.clock.now().toISOString().slice(0, 10));
  }
  return found;
}

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
  const db = ctx.database.db;
  const [{ tagged, likes }, faces] = await Promise.all([
    tagsAndLikesOf(db, found.photo.id, v.id),
    facesOfPhoto(db, found.photo.id),
  ]);
  return presentPhotoRead(ctx, v, found, tagged, likes, faces);
}
