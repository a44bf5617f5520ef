import { and, asc, count, desc, eq, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/client.js';
import { comments, likes, users } from '../../db/schema.js';
import { exactTimestamp, pastCursor, type TimeCursor } from '../../db/timestamps.js';

/** Queries about likes and comments. No rules live here. */

export type CommentRow = typeof comments.$inferSelect;

/**
 * Inserts a like; undefined if the person had already liked the photo. The photo's `like_count`
 * follows in the same statement (a trigger of migration 0011).
 */
export async function insertLike(db: DbOrTx, photoId: string, userId: string) {
  const rows = await db.insert(likes).values({ photoId, userId }).onConflictDoNothing().returning();
  return rows[0];
}

/** Deletes a like, and with it one from the photo's `like_count`; false if there was none. */
export async function deleteLike(db: DbOrTx, photoId: string, userId: string) {
  const rows = await db
    .delete(likes)
    .where(and(eq(likes.photoId, photoId), eq(likes.userId, userId)))
    .returning({ photoId: likes.photoId });
  return rows.length > 0;
}

/** Who liked a photo, newest first, after a keyset cursor. */
export async function listLikers(db: DbOrTx, photoId: string, page: { after?: TimeCursor; limit: number }) {
  return db
    .select({ user: users, createdAt: likes.createdAt, cursorAt: exactTimestamp(likes.createdAt) })
    .from(likes)
    .innerJoin(users, eq(users.id, likes.userId))
    .where(and(eq(likes.photoId, photoId), pastCursor(likes.createdAt, likes.userId, page.after)))
    .orderBy(desc(likes.createdAt), desc(likes.userId))
    .limit(page.limit);
}

// --- comments -----------------------------------------------------------------------------------

const answered = alias(comments, 'answered');
const answeredUser = alias(users, 'answered_user');

/** Comments with their author, the comment they answer (and its author) and their replies count. */
function selectComments(db: DbOrTx) {
  return db
    .select({
      comment: comments,
      author: users,
      answered: { id: answered.id },
      answeredAuthor: answeredUser,
      cursorAt: exactTimestamp(comments.createdAt),
      repliesCount: sql<number>`(select count(*)::int from ${comments} as r where r.parent_id = ${comments.id})`,
    })
    .from(comments)
    .leftJoin(users, eq(users.id, comments.userId))
    .leftJoin(answered, eq(answered.id, comments.inReplyToId))
    .leftJoin(answeredUser, eq(answeredUser.id, answered.userId));
}
export type CommentListRow = Awaited<ReturnType<ReturnType<typeof selectComments>['execute']>>[number];

/** A page of one photo's top-level comments (or one comment's replies), oldest first. */
export async function listComments(
  db: DbOrTx,
  where: { photoId: string } | { parentId: string },
  page: { after?: TimeCursor; limit: number },
) {
  return selectComments(db)
    .where(
      and(
        'photoId' in where
          ? and(eq(comments.photoId, where.photoId), isNull(comments.parentId))
          : eq(comments.parentId, where.parentId),
        pastCursor(comments.createdAt, comments.id, page.after, 'asc'),
      ),
    )
    .orderBy(asc(comments.createdAt), asc(comments.id))
    .limit(page.limit);
}

export async function findCommentRow(db: DbOrTx, id: string) {
  const [row] = await selectComments(db).where(eq(comments.id, id));
  return row;
}

export async function insertComment(db: DbOrTx, values: typeof comments.$inferInsert) {
  const [row] = await db.insert(comments).values(values).returning();
  return row as CommentRow;
}

export async function editComment(db: DbOrTx, id: string, content: string, now: Date) {
  await db.update(comments).set({ content, editedAt: now, updatedAt: now }).where(eq(comments.id, id));
}

export async function countReplies(db: DbOrTx, id: string) {
  const [row] = await db.select({ n: count() }).from(comments).where(eq(comments.parentId, id));
  return Number(row?.n ?? 0);
}

/** Keeps the row as an empty placeholder, so its replies still have a thread to hang in. */
export async function blankComment(db: DbOrTx, id: string, now: Date) {
  await db.update(comments).set({ content: '', deletedAt: now, updatedAt: now }).where(eq(comments.id, id));
}

export async function deleteComment(db: DbOrTx, id: string) {
  await db.delete(comments).where(eq(comments.id, id));
}
