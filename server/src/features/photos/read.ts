import type { PhotoRead } from '@pixeli/contract';
import type { AccessViewer } from '../../access/viewer.js';
import type { AppContext } from '../../context.js';
import { likeSummaries } from '../engagement/repo.js';
import { presentPhotoRead } from './present.js';
import { getPhoto } from './service.js';

/** PhotoRead of one photo as the viewer may see it (404 otherwise), with its tags and likes; records the view. */
export async function presentOnePhoto(ctx: AppContext, v: AccessViewer, photoId: string): Promise<PhotoRead> {
  const { found, tagged } = await getPhoto(ctx, v, photoId);
  const likes = await likeSummaries(ctx.database.db, [photoId], v.id);
  return presentPhotoRead(ctx, v, found, tagged, likes.get(photoId));
}
