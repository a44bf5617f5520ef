import type { PageQuery } from '@pixeli/contract';
import { requirePhoto } from '../../access/require.js';
import type { AccessViewer } from '../../access/viewer.js';
import type { AppContext } from '../../context.js';
import { AppError } from '../../errors.js';
import { decodeTimeCursor } from '../../http/pagination.js';
import { requireWriteAllowance } from '../accounts/service.js';
import * as repo from './repo.js';

/** One like per person and photo; every action needs read access to the photo. */

export async function like(ctx: AppContext, v: AccessViewer, photoId: string) {
  await requireWriteAllowance(ctx, v, 'like');
  const photo = await requirePhoto(ctx, v, photoId, 'read');
  return ctx.transaction(async (tx, record) => {
    const row = await repo.insertLike(tx, photoId, v.id);
    if (!row) throw new AppError(400, 'already_liked', 'You have already liked this photo!');
    await record({ type: 'photo_liked', photoId, photographerId: photo.photo.photographerId, actorId: v.id });
    return { createdAt: row.createdAt, photo };
  });
}

/** Takes the like back; returns the photo as loaded for the check, to answer with. */
export async function unlike(ctx: AppContext, v: AccessViewer, photoId: string) {
  await requireWriteAllowance(ctx, v, 'like');
  const photo = await requirePhoto(ctx, v, photoId, 'read');
  await ctx.transaction(async (tx, record) => {
    if (!(await repo.deleteLike(tx, photoId, v.id))) {
      throw new AppError(400, 'not_liked', 'You have not liked this photo.');
    }
    await record({
      type: 'photo_unliked',
      photoId,
      photographerId: photo.photo.photographerId,
      actorId: v.id,
    });
  });
  return photo;
}

/** Who liked the photo (the original listed the photo once per like and never said who). */
export async function likers(ctx: AppContext, v: AccessViewer, photoId: string, page: PageQuery) {
  await requirePhoto(ctx, v, photoId, 'read');
  const after = decodeTimeCursor(page.cursor);
  return repo.listLikers(ctx.database.db, photoId, { after, limit: page.limit + 1 });
}
