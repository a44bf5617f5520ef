import type { PhotoList, PhotoRead } from '@pixeli/contract';
import {
  canDeletePhoto,
  canDownloadPhoto,
  canEditPhoto,
  canSeeCounters,
  canSeeLocation,
  canSeeOriginal,
  canSharePhoto,
  canTagPeople,
  isPhotoStaff,
} from '../../access/photos.js';
import { type PhotoCardContext, type PhotoContext, photoFacts } from '../../access/subjects.js';
import type { AccessViewer } from '../../access/viewer.js';
import type { AppContext } from '../../context.js';
import { toMiniUser, toMiniUsers } from '../accounts/present.js';
import { withoutLocation } from '../media/service.js';
import { originalKey, type ServedVariant, variantKey } from './keys.js';
import type { ListedPhoto, PhotoFaceRow, TaggedUser } from './repo.js';

/** A signed URL of a served variant, or null while the photo has none yet. */
async function variantUrl(
  ctx: AppContext,
  c: PhotoCardContext,
  variant: ServedVariant,
): Promise<string | null> {
  if (c.photo.status !== 'CO') return null;
  return ctx.storage.signedUrl(variantKey(c.photo.id, variant), { ttlS: ctx.config.MEDIA_URL_TTL_S });
}

/** How many people liked a photo, and whether the viewer is one of them. */
export interface LikeSummary {
  count: number;
  liked: boolean;
}

/** A photo of a page, its likes read in the page's own statement. */
export const presentListedPhoto = (ctx: AppContext, v: AccessViewer, c: ListedPhoto) =>
  presentPhotoList(ctx, v, c, { count: c.photo.likeCount, liked: c.viewerLiked });

export async function presentPhotoList(
  ctx: AppContext,
  v: AccessViewer,
  c: PhotoCardContext,
  likes: LikeSummary,
): Promise<PhotoList> {
  const facts = photoFacts(c);
  return {
    id: c.photo.id,
    event: c.photo.eventId,
    timestamp: c.photo.timestamp.toISOString(),
    photographer: await toMiniUser(ctx, c.photographer),
    thumbnail_url: await variantUrl(ctx, c, 'thumb'),
    thumbhash: c.photo.thumbhash,
    width: c.photo.width,
    height: c.photo.height,
    status: c.photo.status,
    likes_count: likes.count,
    is_liked: likes.liked,
    can_edit: canEditPhoto(v, facts),
    can_delete: canDeletePhoto(v, facts),
    can_share: canSharePhoto(v, facts),
  };
}

export async function presentPhotoRead(
  ctx: AppContext,
  v: AccessViewer,
  c: PhotoContext,
  tagged: TaggedUser[],
  likes: LikeSummary,
  faces: PhotoFaceRow[],
): Promise<PhotoRead> {
  const facts = photoFacts(c);
  const staff = isPhotoStaff(v, facts);
  const mayHaveOriginal = canSeeOriginal(v, facts);
  const ready = c.photo.status === 'CO';
  return {
    ...(await presentPhotoList(ctx, v, c, likes)),
    event_title: c.event.title,
    meta: canSeeLocation(v, facts) ? c.photo.meta : withoutLocation(c.photo.meta),
    tagged_users: await toMiniUsers(ctx, tagged),
    read_perm: c.photo.readPerm,
    share_perm: c.photo.sharePerm,
    caption: c.photo.caption,
    user_tags: c.photo.userTags,
    auto_tags: c.photo.autoTags,
    watermarked_url: await variantUrl(ctx, c, 'watermarked'),
    preview_url: mayHaveOriginal ? await variantUrl(ctx, c, 'preview') : null,
    original_url:
      mayHaveOriginal && ready
        ? await ctx.storage.signedUrl(originalKey(c.photo.id, c.photo.originalType), {
            ttlS: ctx.config.ORIGINAL_URL_TTL_S,
          })
        : null,
    can_download: canDownloadPhoto(v, facts),
    processing_error: staff ? c.photo.processingError : null,
    ...(canSeeCounters(v, facts) ? { downloads: c.photo.downloads, views: c.photo.views } : {}),
    created_at: c.photo.createdAt.toISOString(),
    faces: await Promise.all(
      faces.map(async (f) => ({
        box: { x: f.boxX, y: f.boxY, width: f.boxWidth, height: f.boxHeight },
        person_id: f.personId,
        user: f.user ? await toMiniUser(ctx, f.user) : null,
      })),
    ),
    tag_suggestions: canTagPeople(v, facts) ? await toMiniUsers(ctx, tagSuggestions(tagged, faces)) : [],
  };
}

/** The accounts whose faces are in the photo but who are not tagged in it yet, once each. */
function tagSuggestions(tagged: TaggedUser[], faces: PhotoFaceRow[]): TaggedUser[] {
  const taken = new Set(tagged.map((u) => u.id));
  return faces.flatMap((f) => {
    if (!f.user || taken.has(f.user.id)) return [];
    taken.add(f.user.id);
    return [f.user];
  });
}
