import type { EventCreateBody, EventUpdateBody, PageQuery } from '@pixeli/contract';
import { requireEvent } from '../../access/require.js';
import { loadEvent } from '../../access/subjects.js';
import type { AccessViewer } from '../../access/viewer.js';
import type { AppContext } from '../../context.js';
import { AppError, fieldError } from '../../errors.js';
import { decodeTimeCursor } from '../../http/pagination.js';
import { photoPrefix } from '../photos/service.js';
import * as repo from './repo.js';

/** Creating, reading, changing and deleting events. */

export * as members from './members.js';

/** The event as the viewer may read it (404 otherwise). */
export const readEvent = (ctx: AppContext, v: AccessViewer, id: string) => requireEvent(ctx, v, id, 'read');

export async function listEvents(ctx: AppContext, v: AccessViewer, page: PageQuery) {
  return repo.listReadableEvents(ctx.database.db, v, {
    after: decodeTimeCursor(page.cursor),
    limit: page.limit + 1,
  });
}

const toDate = (iso: string | null | undefined) =>
  iso === undefined ? undefined : iso === null ? null : new Date(iso);

function columnsOf(body: EventUpdateBody) {
  return {
    title: body.title,
    description: body.description,
    readPerm: body.read_perm,
    writePerm: body.write_perm,
    startsAt: toDate(body.starts_at),
    endsAt: toDate(body.ends_at),
    location: body.location,
    originalAccess: body.original_access,
    allowDownload: body.allow_download,
    membersCanTag: body.members_can_tag,
    watermarkText: body.watermark_text,
    facesEnabled: body.faces_enabled,
  };
}

export async function createEvent(ctx: AppContext, v: AccessViewer, body: EventCreateBody) {
  if (body.cover_photo) throw fieldError('cover_photo', 'A new event has no photos to choose a cover from.');
  const row = await repo.insertEvent(ctx.database.db, {
    ...columnsOf(body),
    title: body.title,
    coordinatorId: v.id,
  });
  return { ...row, memberRole: null };
}

export async function updateEvent(ctx: AppContext, v: AccessViewer, id: string, body: EventUpdateBody) {
  const event = await requireEvent(ctx, v, id, 'manage');
  const merged = {
    starts_at: body.starts_at === undefined ? event.startsAt?.toISOString() : body.starts_at,
    ends_at: body.ends_at === undefined ? event.endsAt?.toISOString() : body.ends_at,
  };
  if (merged.starts_at && merged.ends_at && new Date(merged.starts_at) > new Date(merged.ends_at)) {
    throw fieldError('ends_at', 'The event cannot end before it starts.');
  }
  let coverPhotoId: string | null | undefined;
  if (body.cover_photo !== undefined) {
    coverPhotoId = body.cover_photo;
    if (coverPhotoId && !(await repo.eventPhotoIds(ctx.database.db, id)).includes(coverPhotoId)) {
      throw fieldError('cover_photo', 'The cover must be a photo of this event.');
    }
  }
  await repo.updateEvent(ctx.database.db, id, { ...columnsOf(body), coverPhotoId });
  return (await loadEvent(ctx.database.db, v, id))!;
}

/**
 * Deleting an event with photos needs `?cascade=true`: the photos and their files go with it.
 * Files are removed after the rows are gone, so a failure leaves orphan bytes, never broken rows.
 */
export async function deleteEvent(ctx: AppContext, v: AccessViewer, id: string, cascade: boolean) {
  await requireEvent(ctx, v, id, 'manage');
  const db = ctx.database.db;
  const photoIds = await repo.eventPhotoIds(db, id);
  if (photoIds.length > 0 && !cascade) {
    throw new AppError(
      409,
      'event_has_photos',
      `This event has ${photoIds.length} photo(s). Delete with ?cascade=true to remove them too.`,
    );
  }
  await ctx.transaction(async (tx, record) => {
    await record({ type: 'event_deleted', eventId: id, photoIds });
    await repo.updateEvent(tx, id, { coverPhotoId: null });
    await repo.deletePhotosOfEvent(tx, id);
    await repo.deleteEvent(tx, id);
  });
  for (const photoId of photoIds) {
    await ctx.storage.deletePrefix(photoPrefix(photoId)).catch((error) => {
      ctx.log.warn({ err: error, photoId }, 'could not delete the files of a deleted photo');
    });
  }
}
