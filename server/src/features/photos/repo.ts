import { and, count, desc, eq, inArray, ne, type Placeholder, type SQL, sql } from 'drizzle-orm';
import { nameableByFaceSql } from '../../access/people.js';
import { possiblyReadablePhotosSql, readablePhotosSql } from '../../access/photos.js';
import { type PhotoCardContext, type PhotoContext, photoCardContextColumns } from '../../access/subjects.js';
import type { AccessViewer } from '../../access/viewer.js';
import { uuidRows } from '../../db/arrays.js';
import type { Db, DbOrTx } from '../../db/client.js';
import { type EventRow, type PhotoRow, photoColumns } from '../../db/columns.js';
import { preparedOn } from '../../db/prepared.js';
import { events, faces, likes, people, photos, photoTags, photoViews, users } from '../../db/schema.js';
import { escapeLike, eventTitleText, unaccented } from '../../db/search-text.js';
import { exactTimestamp, pastCursor, type TimeCursor } from '../../db/timestamps.js';

/** Queries about photos. Every list filters with the access module's SQL twin; no rule lives here. */

export type { PhotoCardContext, PhotoContext };
export { type EventRow, type PhotoRow, photoColumns };
export type UserRow = typeof users.$inferSelect;

export type PhotoOrder = 'taken' | 'uploaded';
const orderColumn = (order: PhotoOrder) => (order === 'taken' ? photos.timestamp : photos.createdAt);

/**
 * Whether `v` liked the photo of the row: one probe of the likes primary key (photo, person), in
 * the statement that reads the photo. The count is the row's own `like_count`.
 */
const viewerLikedSql = (viewerId: string | Placeholder) =>
  sql<boolean>`exists (select 1 from ${likes} where ${likes.photoId} = ${photos.id} and ${likes.userId} = ${viewerId})`;

/** A photo of a list: its tile, and whether the viewer liked it. */
export type ListedPhoto = PhotoCardContext & { viewerLiked: boolean };
const listedPhotoColumns = (v: AccessViewer) => ({
  ...photoCardContextColumns(v),
  viewerLiked: viewerLikedSql(v.id),
});

/**
 * One page of the photos `v` may see among those matching `where`, newest first by taken or
 * upload time, as tiles: one query whatever the page size.
 *
 * `oneByOne` narrows the page to a few events or photographers, and does it one at a time: each
 * one's newest matches come off its own `(event_id, timestamp)` or `(photographer_id, timestamp)`
 * index and only those are merged. Left to itself, PostgreSQL filters the whole timeline newest
 * first, which is quick for recent events and reads most of the table for old ones (an event search
 * took 45-60 ms at 200,000 photos this way, 3 ms event by event). Only the page's ids leave the
 * merge: joining full rows for every candidate first (600 of them for 37 photographers) cost more
 * than the walk itself.
 */
export async function listVisiblePhotos(
  db: DbOrTx,
  v: AccessViewer,
  options: {
    where?: SQL;
    oneByOne?: { column: 'eventId' | 'photographerId'; ids: string[] };
    order: PhotoOrder;
    after?: TimeCursor;
    limit: number;
  },
) {
  const column = orderColumn(options.order);
  const conditions = and(
    possiblyReadablePhotosSql(v),
    readablePhotosSql(v),
    options.where,
    pastCursor(column, photos.id, options.after),
  );
  const one = options.oneByOne;
  const oneByOne = one
    ? sql`${photos.id} in (
        select page.id from ${uuidRows(one.ids)} as chosen(id)
        cross join lateral (
          select ${photos.id} as id, ${column} as at from ${photos}
          join ${events} on ${events.id} = ${photos.eventId}
          join ${users} on ${users.id} = ${photos.photographerId}
          where ${photos[one.column]} = chosen.id and ${conditions}
          order by ${column} desc, ${photos.id} desc
          limit ${options.limit}
        ) as page
        order by page.at desc, page.id desc
        limit ${options.limit}
      )`
    : undefined;
  const rows = await db
    .select({ ...listedPhotoColumns(v), cursorAt: exactTimestamp(column) })
    .from(photos)
    .innerJoin(events, eq(events.id, photos.eventId))
    .innerJoin(users, eq(users.id, photos.photographerId))
    // One by one, the lateral pages already applied every condition: only their ids remain to merge.
    .where(oneByOne ?? conditions)
    .orderBy(desc(column), desc(photos.id))
    .limit(options.limit);
  return rows;
}

/** The given photos as list items, in no particular order, unchecked: callers filter with the rules. */
export async function listedPhotosByIds(db: DbOrTx, v: AccessViewer, ids: string[]): Promise<ListedPhoto[]> {
  if (ids.length === 0) return [];
  return db
    .select(listedPhotoColumns(v))
    .from(photos)
    .innerJoin(events, eq(events.id, photos.eventId))
    .innerJoin(users, eq(users.id, photos.photographerId))
    .where(inArray(photos.id, ids));
}

/**
 * How many photos `v` may see match `where`, counting no further than `atMost`: the search page's
 * `count` must not make one request walk a whole timeline.
 */
export async function countVisiblePhotos(
  db: DbOrTx,
  v: AccessViewer,
  where: SQL | undefined,
  atMost: number,
) {
  const matches = db
    .select({ id: photos.id })
    .from(photos)
    .innerJoin(events, eq(events.id, photos.eventId))
    .innerJoin(users, eq(users.id, photos.photographerId))
    .where(and(readablePhotosSql(v), where))
    .limit(atMost)
    .as('matches');
  const [row] = await db.select({ n: count() }).from(matches);
  return row?.n ?? 0;
}

/** Ids of the events whose title contains `text`, whatever the case and accents. */
export async function eventIdsTitled(db: DbOrTx, text: string): Promise<string[]> {
  const rows = await db
    .select({ id: events.id })
    .from(events)
    .where(sql`${eventTitleText} like ${unaccented(`%${escapeLike(text)}%`)}`);
  return rows.map((r) => r.id);
}

export async function insertPhoto(db: DbOrTx, values: typeof photos.$inferInsert) {
  const [row] = await db.insert(photos).values(values).returning();
  return row as PhotoRow;
}

export async function findByChecksum(db: DbOrTx, eventId: string, checksum: string) {
  const [row] = await db
    .select({ id: photos.id })
    .from(photos)
    .where(and(eq(photos.eventId, eventId), eq(photos.checksum, checksum)));
  return row;
}

export async function updatePhoto(db: DbOrTx, id: string, values: Partial<typeof photos.$inferInsert>) {
  const [row] = await db
    .update(photos)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(photos.id, id))
    .returning();
  return row;
}

/** Marks a photo failed, unless a concurrent run already completed it (a late duplicate failure). */
export async function markPhotoFailed(db: DbOrTx, id: string, reason: string) {
  const [row] = await db
    .update(photos)
    .set({ status: 'FA', processingError: reason, updatedAt: sql`now()` })
    .where(and(eq(photos.id, id), ne(photos.status, 'CO'), ne(photos.status, 'FA')))
    .returning({ id: photos.id, photographerId: photos.photographerId, eventId: photos.eventId });
  return row;
}

export async function deletePhoto(db: DbOrTx, id: string) {
  await db.update(events).set({ coverPhotoId: null }).where(eq(events.coverPhotoId, id));
  await db.delete(photos).where(eq(photos.id, id));
}

export async function incrementDownloads(db: DbOrTx, id: string) {
  await db
    .update(photos)
    .set({ downloads: sql`${photos.downloads} + 1` })
    .where(eq(photos.id, id));
}

/** Counts a view once per person and day. */
export async function recordView(db: DbOrTx, photoId: string, userId: string, day: string) {
  const inserted = await db
    .insert(photoViews)
    .values({ photoId, userId, day })
    .onConflictDoNothing()
    .returning({ photoId: photoViews.photoId });
  if (inserted.length > 0) {
    await db
      .update(photos)
      .set({ views: sql`${photos.views} + 1` })
      .where(eq(photos.id, photoId));
  }
}

/** Tags people; returns those newly tagged (someone already tagged is not tagged again). */
export async function insertTags(db: DbOrTx, photoId: string, userIds: string[], taggedById: string) {
  if (userIds.length === 0) return [];
  const rows = await db
    .insert(photoTags)
    .values(userIds.map((userId) => ({ photoId, userId, taggedById })))
    .onConflictDoNothing()
    .returning({ userId: photoTags.userId });
  return rows.map((r) => r.userId);
}

export async function deleteTag(db: DbOrTx, photoId: string, userId: string) {
  const rows = await db
    .delete(photoTags)
    .where(and(eq(photoTags.photoId, photoId), eq(photoTags.userId, userId)))
    .returning({ userId: photoTags.userId });
  return rows.length > 0;
}

/** What a reply shows of a tagged person. */
const taggedUserColumns = {
  id: users.id,
  username: users.username,
  name: users.name,
  profilePic: users.profilePic,
};
export type TaggedUser = { [K in keyof typeof taggedUserColumns]: UserRow[K] };

/** The statement of `tagsAndLikesOf`: the photo's row, with its tags and their people joined. */
const tagsAndLikesStatement = preparedOn((db) =>
  db
    .select({
      n: photos.likeCount,
      liked: viewerLikedSql(sql.placeholder('viewerId')),
      user: taggedUserColumns,
    })
    .from(photos)
    .leftJoin(photoTags, eq(photoTags.photoId, photos.id))
    .leftJoin(users, eq(users.id, photoTags.userId))
    .where(eq(photos.id, sql.placeholder('photoId')))
    .orderBy(photoTags.createdAt)
    .prepare('photo_tags_and_likes'),
);

/**
 * One photo's tagged people (in tagging order), its like count and whether the viewer liked it, in
 * one round trip: what a read, like or unlike answers with besides the photo's context. The count
 * is read here rather than taken from the context, which a like or unlike loaded before its write.
 */
export async function tagsAndLikesOf(db: Db, photoId: string, viewerId: string) {
  const rows = await tagsAndLikesStatement(db).execute({ photoId, viewerId });
  return {
    tagged: rows.flatMap((r) => (r.user ? [r.user] : [])),
    likes: { count: Number(rows[0]?.n ?? 0), liked: Boolean(rows[0]?.liked) },
  };
}

/**
 * The faces found in one photo, left to right, each with its person and the account linked to
 * that person where it may be named (active, not opted out of face matching).
 */
export async function facesOfPhoto(db: DbOrTx, photoId: string) {
  return db
    .select({
      boxX: faces.boxX,
      boxY: faces.boxY,
      boxWidth: faces.boxWidth,
      boxHeight: faces.boxHeight,
      personId: faces.personId,
      user: taggedUserColumns,
    })
    .from(faces)
    .leftJoin(people, eq(people.id, faces.personId))
    .leftJoin(users, and(eq(users.id, people.userId), nameableByFaceSql()))
    .where(eq(faces.photoId, photoId))
    .orderBy(faces.boxX, faces.id);
}
/** The photos a person of the event was found in (the gallery's `?person=` filter). */
export const showsPersonSql = (personId: string) =>
  sql`${photos.id} in (select ${faces.photoId} from ${faces} where ${faces.personId} = ${personId})`;

export type PhotoFaceRow = Awaited<ReturnType<typeof facesOfPhoto>>[number];

/** Photos a crash or restart left pending or half-processed: their jobs are queued again on start. */
/**
 * Takes a photo for processing: `PR`, unless it is `CO` already or gone (then undefined), in one
 * statement that also answers what the job needs, the event's watermark line among it.
 */
export async function startProcessing(db: DbOrTx, id: string) {
  const [row] = await db
    .update(photos)
    .set({ status: 'PR', updatedAt: sql`now()` })
    .from(events)
    .where(and(eq(photos.id, id), ne(photos.status, 'CO'), eq(events.id, photos.eventId)))
    .returning({
      id: photos.id,
      photographerId: photos.photographerId,
      eventId: photos.eventId,
      originalType: photos.originalType,
      timestampFromClient: photos.timestampFromClient,
      watermarkText: events.watermarkText,
    });
  return row;
}

/** Writes what processing found; nothing is read back (the job has it all). */
export async function saveProcessed(db: DbOrTx, id: string, values: Partial<typeof photos.$inferInsert>) {
  await db
    .update(photos)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(photos.id, id));
}

export async function unfinishedPhotoIds(db: DbOrTx) {
  return (
    await db
      .select({ id: photos.id })
      .from(photos)
      .where(inArray(photos.status, ['PE', 'PR']))
  ).map((r) => r.id);
}
