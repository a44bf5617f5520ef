import type { Comment, CommentBody, PageQuery } from '@pixeli/contract';
import { type CommentFacts, canDeleteComment, canEditComment } from '../../access/comments.js';
import type { PhotoFacts } from '../../access/photos.js';
import { requirePhoto } from '../../access/require.js';
import { photoFacts } from '../../access/subjects.js';
import type { AccessViewer } from '../../access/viewer.js';
import type { AppContext } from '../../context.js';
import { AppError, fieldError, forbidden, notFound } from '../../errors.js';
import { decodeTimeCursor } from '../../http/pagination.js';
import { toMiniUser } from '../accounts/present.js';
import { requireWriteAllowance } from '../accounts/service.js';
import * as repo from './repo.js';

/** Comment threads: top-level comments oldest first, each with one tier of replies. */

const commentFacts = (row: repo.CommentListRow): CommentFacts => ({
  authorId: row.comment.userId,
  deleted: row.comment.deletedAt !== null,
});

export async function presentComment(
  ctx: AppContext,
  v: AccessViewer,
  row: repo.CommentListRow,
  photo: PhotoFacts,
): Promise<Comment> {
  const facts = commentFacts(row);
  return {
    id: row.comment.id,
    photo: row.comment.photoId,
    user: facts.deleted || !row.author ? null : await toMiniUser(ctx, row.author),
    content: facts.deleted ? '' : row.comment.content,
    created_at: row.comment.createdAt.toISOString(),
    edited: row.comment.editedAt !== null,
    deleted: facts.deleted,
    parent_comment: row.comment.parentId,
    in_reply_to: row.answered?.id
      ? { id: row.answered.id, user: row.answeredAuthor ? await toMiniUser(ctx, row.answeredAuthor) : null }
      : null,
    replies_count: Number(row.repliesCount),
    can_edit: canEditComment(v, facts),
    can_delete: canDeleteComment(v, facts, photo),
  };
}

export async function listTopLevel(ctx: AppContext, v: AccessViewer, photoId: string, page: PageQuery) {
  const photo = await requirePhoto(ctx, v, photoId, 'read');
  const rows = await repo.listComments(
    ctx.database.db,
    { photoId },
    { after: decodeTimeCursor(page.cursor), limit: page.limit + 1 },
  );
  return { rows, facts: photoFacts(photo) };
}

/** A comment on a photo the viewer may read; 404 otherwise. */
async function readableComment(ctx: AppContext, v: AccessViewer, commentId: string, photoId?: string) {
  const row = await repo.findCommentRow(ctx.database.db, commentId);
  if (!row || (photoId && row.comment.photoId !== photoId)) throw notFound('No such comment.');
  // A comment on a photo the viewer may not see does not exist for them either.
  const photo = await requirePhoto(ctx, v, row.comment.photoId, 'read').catch((error) => {
    throw error instanceof AppError && error.statusCode === 404 ? notFound('No such comment.') : error;
  });
  return { row, photo };
}

export async function listReplies(ctx: AppContext, v: AccessViewer, commentId: string, page: PageQuery) {
  const { photo } = await readableComment(ctx, v, commentId);
  const rows = await repo.listComments(
    ctx.database.db,
    { parentId: commentId },
    { after: decodeTimeCursor(page.cursor), limit: page.limit + 1 },
  );
  return { rows, facts: photoFacts(photo) };
}

export async function addComment(ctx: AppContext, v: AccessViewer, photoId: string, body: CommentBody) {
  await requireWriteAllowance(ctx, v, 'comment');
  const photo = await requirePhoto(ctx, v, photoId, 'read');
  let parentId: string | null = null;
  let inReplyToId: string | null = null;
  let answeredAuthorId: string | null = null;
  if (body.parent_comment) {
    const answered = await repo.findCommentRow(ctx.database.db, body.parent_comment);
    if (!answered || answered.comment.photoId !== photoId) {
      throw fieldError('parent_comment', 'That comment is not on this photo.');
    }
    // A reply to a reply joins its thread: one tier, never two.
    parentId = answered.comment.parentId ?? answered.comment.id;
    inReplyToId = answered.comment.id;
    answeredAuthorId = answered.comment.userId;
  }
  const row = await ctx.transaction(async (tx, record) => {
    const inserted = await repo.insertComment(tx, {
      photoId,
      userId: v.id,
      parentId,
      inReplyToId,
      content: body.content,
    });
    await record({
      type: 'comment_added',
      photoId,
      photographerId: photo.photo.photographerId,
      commentId: inserted.id,
      actorId: v.id,
      answered: inReplyToId ? { commentId: inReplyToId, authorId: answeredAuthorId } : null,
    });
    return inserted;
  });
  return presentComment(ctx, v, (await repo.findCommentRow(ctx.database.db, row.id))!, photoFacts(photo));
}

export async function editComment(
  ctx: AppContext,
  v: AccessViewer,
  photoId: string,
  commentId: string,
  content: string,
) {
  const { row, photo } = await readableComment(ctx, v, commentId, photoId);
  if (!canEditComment(v, commentFacts(row)))
    throw forbidden('not_comment_author', 'Only its author can edit a comment.');
  await repo.editComment(ctx.database.db, commentId, content, ctx.clock.now());
  return presentComment(ctx, v, (await repo.findCommentRow(ctx.database.db, commentId))!, photoFacts(photo));
}

/**
 * A comment with replies becomes a placeholder; one without disappears. When the last reply of a
 * placeholder goes, the placeholder goes too: nothing is left for it to hold together.
 */
export async function deleteComment(ctx: AppContext, v: AccessViewer, photoId: string, commentId: string) {
  const { row, photo } = await readableComment(ctx, v, commentId, photoId);
  if (!canDeleteComment(v, commentFacts(row), photoFacts(photo))) {
    throw forbidden(
      'not_comment_owner',
      'Only its author, the photographer, the coordinator or an admin can delete it.',
    );
  }
  await ctx.transaction(async (tx, record) => {
    if ((await repo.countReplies(tx, commentId)) > 0) {
      await repo.blankComment(tx, commentId, ctx.clock.now());
      return;
    }
    const going = [commentId];
    const parentId = row.comment.parentId;
    if (parentId) {
      const parent = await repo.findCommentRow(tx, parentId);
      // This reply is the placeholder's last: it goes too.
      if (parent?.comment.deletedAt && (await repo.countReplies(tx, parentId)) === 1) going.push(parentId);
    }
    await record({ type: 'comment_deleted', photoId, commentIds: going });
    for (const id of going) await repo.deleteComment(tx, id);
  });
}
