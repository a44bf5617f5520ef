import { and, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { nameableByFaceSql } from '../../access/people.js';
import { possiblyReadablePhotosSql, readablePhotosSql } from '../../access/photos.js';
import type { AccessViewer } from '../../access/viewer.js';
import type { DbOrTx } from '../../db/client.js';
import { miniUserColumns } from '../../db/columns.js';
import { events, faces, people, photos, users } from '../../db/schema.js';

/** Queries about faces and people. No rule lives here: lists filter with the access module's SQL. */

/**
 * An embedding column read as base64 text and decoded by Node. Read as bytea, PGlite decoded 300
 * centroids (1.2 MB) in ~250 ms of JavaScript; as base64, ~25 ms, native decoding included.
 */
const embeddingOf = (column: typeof people.centroid | typeof faces.embedding) =>
  sql<string>`encode(${column}, 'base64')`.mapWith((text: string) => Buffer.from(text, 'base64'));

/**
 * Serialises the clustering of one event's faces: two photos of an event analysed at once would
 * otherwise both start a person for the same new face. Held until the transaction ends.
 */
export async function lockEventFaces(tx: DbOrTx, eventId: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`faces:${eventId}`}))`);
}

/** The photo's event and whether it wants face features; undefined when the photo is gone. */
export async function photoFaceSettings(db: DbOrTx, photoId: string) {
  const [row] = await db
    .select({ eventId: photos.eventId, facesEnabled: events.facesEnabled })
    .from(photos)
    .innerJoin(events, eq(events.id, photos.eventId))
    .where(eq(photos.id, photoId));
  return row;
}

export async function deleteFacesOfPhoto(db: DbOrTx, photoId: string) {
  await db.delete(faces).where(eq(faces.photoId, photoId));
}

export async function peopleCentroids(db: DbOrTx, eventId: string) {
  return db
    .select({
      id: people.id,
      centroid: embeddingOf(people.centroid),
      faceCount: people.faceCount,
      userId: people.userId,
    })
    .from(people)
    .where(eq(people.eventId, eventId));
}

export async function insertPerson(db: DbOrTx, eventId: string, centroid: Buffer) {
  const [row] = await db.insert(people).values({ eventId, centroid }).returning({ id: people.id });
  return row!.id;
}

export async function updateCentroid(db: DbOrTx, personId: string, centroid: Buffer) {
  await db.update(people).set({ centroid, updatedAt: sql`now()` }).where(eq(people.id, personId));
}

export async function insertFaces(db: DbOrTx, rows: (typeof faces.$inferInsert)[]) {
  if (rows.length === 0) return [];
  return db
    .insert(faces)
    .values(rows)
    .returning({ id: faces.id, personId: faces.personId, quality: faces.quality });
}

/** Makes `faceId` the person's cover unless their cover is at least as good. */
export async function offerCover(db: DbOrTx, personId: string, faceId: string, quality: number) {
  await db.execute(sql`
    update ${people} set cover_face_id = ${faceId}
    where ${people.id} = ${personId}
      and (${people.coverFaceId} is null
        or (select f.quality from ${faces} f where f.id = ${people.coverFaceId}) < ${quality})`);
}

/** The condition "the viewer may read this face's photo"; the query must join photos and events. */
const readableFaceSql = (v: AccessViewer) => and(possiblyReadablePhotosSql(v), readablePhotosSql(v))!;

/**
 * The event's people who appear in at least one photo `v` may read, with how many such photos and
 * the best face among them (the cover `v` is shown: never a face from a photo they may not see).
 */
export async function visiblePeople(db: DbOrTx, v: AccessViewer, eventId: string, personId?: string) {
  const photoCount = sql<number>`count(distinct ${faces.photoId})::int`;
  const bestFace = sql<string>`(array_agg(${faces.id} order by ${faces.quality} desc, ${faces.id}))[1]`;
  const rows = await db
    .select({ id: people.id, userId: people.userId, photoCount, bestFace })
    .from(people)
    .innerJoin(faces, eq(faces.personId, people.id))
    .innerJoin(photos, eq(photos.id, faces.photoId))
    .innerJoin(events, eq(events.id, photos.eventId))
    .where(
      and(eq(people.eventId, eventId), personId ? eq(people.id, personId) : undefined, readableFaceSql(v)),
    )
    .groupBy(people.id)
    .orderBy(desc(photoCount), people.id);
  return rows;
}

/** The given faces' boxes and photos (for crops). */
export async function faceBoxes(db: DbOrTx, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select({
      id: faces.id,
      photoId: faces.photoId,
      status: photos.status,
      boxX: faces.boxX,
      boxY: faces.boxY,
      boxWidth: faces.boxWidth,
      boxHeight: faces.boxHeight,
    })
    .from(faces)
    .innerJoin(photos, eq(photos.id, faces.photoId))
    .where(inArray(faces.id, ids));
}

/** Accounts as people are shown, only those that may be named. */
export async function namedUsers(db: DbOrTx, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select(miniUserColumns)
    .from(users)
    .where(and(inArray(users.id, ids), nameableByFaceSql()));
}

export async function personLinkedTo(db: DbOrTx, eventId: string, userId: string) {
  const [row] = await db
    .select({ id: people.id, centroid: embeddingOf(people.centroid) })
    .from(people)
    .where(and(eq(people.eventId, eventId), eq(people.userId, userId)));
  return row;
}

export async function setPersonUser(db: DbOrTx, personId: string, userId: string | null) {
  await db.update(people).set({ userId, updatedAt: sql`now()` }).where(eq(people.id, personId));
}

/** One person of the event with their centroid; undefined when there is none (or they were merged away). */
export async function personOfEvent(db: DbOrTx, eventId: string, personId: string) {
  const [row] = await db
    .select({ id: people.id, centroid: embeddingOf(people.centroid) })
    .from(people)
    .where(and(eq(people.eventId, eventId), eq(people.id, personId)));
  return row;
}

/**
 * Gives every face of `fromId` to `toId`. The count trigger moves their counts with them and, once
 * `fromId` has no face left, deletes that person.
 */
export async function moveFaces(db: DbOrTx, fromId: string, toId: string) {
  await db.update(faces).set({ personId: toId }).where(eq(faces.personId, fromId));
}

/** Every face embedding of a person, whoever may see the photos: what their centroid is made of. */
export async function embeddingsOfPerson(db: DbOrTx, personId: string) {
  const rows = await db
    .select({ embedding: embeddingOf(faces.embedding) })
    .from(faces)
    .where(eq(faces.personId, personId));
  return rows.map((r) => r.embedding);
}

/** Makes the person's best face (by quality) their cover, as the trigger picks one. */
export async function coverWithBestFace(db: DbOrTx, personId: string) {
  await db.execute(sql`
    update ${people} set cover_face_id = (
      select f.id from ${faces} f where f.person_id = ${personId} order by f.quality desc, f.id limit 1)
    where ${people.id} = ${personId}`);
}

export async function deletePerson(db: DbOrTx, personId: string) {
  await db.delete(people).where(eq(people.id, personId));
}

/** Whether the account exists, is active, and lets its face be matched. */
export async function linkableUser(db: DbOrTx, userId: string) {
  const [row] = await db
    .select({ id: users.id, isActive: users.isActive, faceMatching: users.faceMatching })
    .from(users)
    .where(eq(users.id, userId));
  return row;
}

/**
 * The embeddings of the given people's faces in photos `v` may read: what find-me compares a
 * query with, after the people's centroids narrowed the search.
 */
export async function readableFacesOfPeople(db: DbOrTx, v: AccessViewer, personIds: string[]) {
  if (personIds.length === 0) return [];
  return db
    .select({ photoId: faces.photoId, personId: faces.personId, embedding: embeddingOf(faces.embedding) })
    .from(faces)
    .innerJoin(photos, eq(photos.id, faces.photoId))
    .innerJoin(events, eq(events.id, photos.eventId))
    .where(and(inArray(faces.personId, personIds), isNotNull(faces.personId), readableFaceSql(v)));
}
