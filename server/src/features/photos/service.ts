import type { PageQuery, PhotoPatchBody, PhotoSearchQuery } from '@pixeli/contract';
import { and, eq, exists, gte, inArray, lt, or, type SQL, sql } from 'drizzle-orm';
import { requireEvent, requirePhoto } from '../../access/require.js';
import type { AccessViewer } from '../../access/viewer.js';
import type { AppContext } from '../../context.js';
import { photos, photoTags } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import { decodeTimeCursor } from '../../http/pagination.js';
import { userIdsNamed } from '../accounts/service.js';
import { photoFieldColumns } from './columns.js';
import { originalKey, photoPrefix, variantExtension, variantKey } from './keys.js';
import * as repo from './repo.js';

/** Reading, listing, searching, changing, deleting and downloading photos; tagging people in them. */

export { originalKey, photoPrefix, variantKey } from './keys.js';
export { presentLoadedPhoto, presentOnePhoto } from './read.js';
export type { ListedPhoto } from './repo.js';
export { taggablePeople, tagPeople, tagPeopleInPhoto, untag } from './tags.js';
export { bulkUpload, singleUpload, writableEvent } from './upload.js';

export type PhotoListKind = 'mine' | 'feed' | 'tagged';

/** The given photos as list items (their likes included), unchecked: callers filter with the rules. */
export const loadListedPhotos = (ctx: AppContext, v: AccessViewer, ids: string[]) =>
  repo.listedPhotosByIds(ctx.database.db, v, ids);

export async function listPhotos(ctx: AppContext, v: AccessViewer, kind: PhotoListKind, page: PageQuery) {
  const where: Record<PhotoListKind, SQL | undefined> = {
    mine: eq(photos.photographerId, v.id),
    feed: undefined,
    tagged: exists(
      ctx.database.db
        .select({ one: sql`1` })
        .from(photoTags)
        .where(and(eq(photoTags.photoId, photos.id), eq(photoTags.userId, v.id))),
    ),
  };
  return repo.listVisiblePhotos(ctx.database.db, v, {
    where: where[kind],
    order: kind === 'tagged' ? 'taken' : 'uploaded',
    after: decodeTimeCursor(page.cursor),
    limit: page.limit + 1,
  });
}

export async function listEventPhotos(
  ctx: AppContext,
  v: AccessViewer,
  eventId: string,
  page: PageQuery & { person?: string },
) {
  await requireEvent(ctx, v, eventId, 'read');
  return repo.listVisiblePhotos(ctx.database.db, v, {
    where: and(eq(photos.eventId, eventId), page.person ? repo.showsPersonSql(page.person) : undefined),
    order: 'taken',
    after: decodeTimeCursor(page.cursor),
    limit: page.limit + 1,
  });
}

/** The last millisecond of year 9999: no stored timestamp is later (the contract refuses later ones). */
const LATEST_STORABLE = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * A date-only `date_to` means the whole of that day. The end of 9999-12-31 is past what PostgreSQL
 * can be given, and every photo is before it: no condition at all then.
 */
function before(dateTo: string): SQL | undefined {
  const end = /^\d{4}-\d{2}-\d{2}$/.test(dateTo)
    ? new Date(new Date(`${dateTo}T00:00:00Z`).getTime() + 86_400_000)
    : new Date(dateTo);
  return end.getTime() > LATEST_STORABLE ? undefined : lt(photos.timestamp, end);
}

/** Up to this many events (`event_name`) or photographers (`photographer_name`) are searched one by one. */
const ONE_BY_ONE_AT_MOST = 40;

type SearchFilter = {
  where: SQL | undefined;
  oneByOne?: { column: 'eventId' | 'photographerId'; ids: string[] };
};

/** The search's filters as SQL, or `undefined` when a name matched nothing (so no photo can). */
async function searchFilter(ctx: AppContext, q: PhotoSearchQuery): Promise<SearchFilter | undefined> {
  const tagMatch = (tag: string) =>
    or(sql`${photos.userTags} @> array[${tag}]::text[]`, sql`${photos.autoTags} @> array[${tag}]::text[]`)!;
  const conditions: (SQL | undefined)[] = [
    q.date_from ? gte(photos.timestamp, new Date(q.date_from)) : undefined,
    q.date_to ? before(q.date_to) : undefined,
    q.photographer_id ? eq(photos.photographerId, q.photographer_id) : undefined,
    q.tags.length > 0
      ? q.tags_mode === 'all'
        ? and(...q.tags.map(tagMatch))
        : or(...q.tags.map(tagMatch))
      : undefined,
    q.read_perm ? eq(photos.readPerm, q.read_perm) : undefined,
    q.status.length > 0 ? or(...q.status.map((s) => eq(photos.status, s))) : undefined,
  ];
  // Names are resolved to ids first. The smaller of a few events or a few photographers is searched
  // one at a time on its own index; anything broader is one more condition on the timeline, where
  // most photos match it anyway (see listVisiblePhotos).
  const db = ctx.database.db;
  const named = [
    {
      column: 'eventId' as const,
      ids: q.event_name ? await repo.eventIdsTitled(db, q.event_name) : undefined,
    },
    {
      column: 'photographerId' as const,
      ids: q.photographer_name ? await userIdsNamed(db, q.photographer_name) : undefined,
    },
  ].filter((n): n is { column: 'eventId' | 'photographerId'; ids: string[] } => n.ids !== undefined);
  if (named.some((n) => n.ids.length === 0)) return undefined;
  const [fewest] = [...named].sort((a, b) => a.ids.length - b.ids.length);
  const oneByOne = fewest && fewest.ids.length <= ONE_BY_ONE_AT_MOST ? fewest : undefined;
  for (const n of named) if (n !== oneByOne) conditions.push(inArray(photos[n.column], n.ids));
  return { where: and(...conditions), oneByOne };
}

/** One page of the search (`limit + 1` rows, so the caller knows whether another follows). */
export async function searchPhotos(
  ctx: AppContext,
  v: AccessViewer,
  q: PhotoSearchQuery & { limit: number },
) {
  const filter = await searchFilter(ctx, q);
  if (!filter) return [];
  return repo.listVisiblePhotos(ctx.database.db, v, {
    ...filter,
    order: 'taken',
    after: decodeTimeCursor(q.cursor),
    limit: q.limit + 1,
  });
}

/** How many photos match the whole search (every page), counted no further than `atMost`. */
export async function countSearchPhotos(
  ctx: AppContext,
  v: AccessViewer,
  q: PhotoSearchQuery,
  atMost: number,
) {
  const filter = await searchFilter(ctx, q);
  if (!filter) return 0;
  const { where, oneByOne } = filter;
  const narrowed = oneByOne ? and(where, inArray(photos[oneByOne.column], oneByOne.ids)) : where;
  return repo.countVisiblePhotos(ctx.database.db, v, narrowed, atMost);
}

export async function updatePhoto(ctx: AppContext, v: AccessViewer, id: string, body: PhotoPatchBody) {
  const found = await requirePhoto(ctx, v, id, 'edit');
  if (body.event && body.event !== found.photo.eventId) {
    // Moving needs write access at the destination (the original let anyone move anywhere).
    await requireEvent(ctx, v, body.event, 'write');
    if (await repo.findByChecksum(ctx.database.db, body.event, found.photo.checksum)) {
      throw new AppError(409, 'duplicate_in_event', 'That event already has this photo.');
    }
  }
  await repo.updatePhoto(ctx.database.db, id, {
    eventId: body.event,
    ...photoFieldColumns(body),
  });
}

/** Deletes the row, then the files; a file left behind is an orphan, never a broken photo. */
export async function deletePhoto(ctx: AppContext, v: AccessViewer, id: string) {
  await requirePhoto(ctx, v, id, 'delete');
  await ctx.transaction(async (tx, record) => {
    await record({ type: 'photo_deleted', photoIds: [id] });
    await repo.deletePhoto(tx, id);
  });
  await ctx.storage.deletePrefix(photoPrefix(id)).catch((error) => {
    ctx.log.warn({ err: error, photoId: id }, 'could not delete the files of a deleted photo');
  });
}

/** A short-lived URL of the file to download, after the checks; counts the download. */
export async function downloadUrl(
  ctx: AppContext,
  v: AccessViewer,
  id: string,
  variant: 'original' | 'watermarked',
) {
  const found = await requirePhoto(
    ctx,
    v,
    id,
    variant === 'original' ? ['download', 'download_original'] : 'download',
  );
  if (found.photo.status !== 'CO')
    throw new AppError(409, 'photo_not_ready', 'This photo is still being processed.');
  await repo.incrementDownloads(ctx.database.db, id);
  const name = `pixeli-${id.slice(0, 8)}`;
  return variant === 'original'
    ? ctx.storage.signedUrl(originalKey(id, found.photo.originalType), {
        ttlS: ctx.config.ORIGINAL_URL_TTL_S,
        downloadName: `${name}.${found.photo.originalType.split('/')[1] ?? 'bin'}`,
      })
    : ctx.storage.signedUrl(variantKey(id, 'watermarked'), {
        ttlS: ctx.config.MEDIA_URL_TTL_S,
        downloadName: `${name}.${variantExtension('watermarked')}`,
      });
}
