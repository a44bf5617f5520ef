import type { Comment, CommentBody, PageQuery } from '@pixeli/contract';
import { type CommentFacts, canDeleteComment, canEditComment } from '../../access/comments.js';
import type { PhotoFacts } from '../../access/photos.js';
import type { AccessViewer } from '../../access/viewer.js';
import type { AppContext } from '../../context.js';
import { fieldError, forbidden, notFound } from '../../errors.js';
import { decodeTimeCursor } from '../../http/pagination.js';
import { toMiniUser } from '../accounts/present.js';
import { notifyingTransaction } from '../notifications/after-commit.js';
import { recordNotification } from '../notifications/record.js';
import { photoFacts } from '../photos/present.js';
import { readablePhoto } from '../photos/service.js';
import * as repo from './repo.js';

/** Comment threads: top-level comments oldest first, each with one tier of replies. */

const commentFacts = (row: repo.CommentListRow): CommentFacts => ({
  authorId: row.comment.userId,
  deleted: row.comment.deletedAt !== null,
});

export function presentComment(v: AccessViewer, row: repo.CommentListRow, photo: PhotoFacts): Comment {
  const facts = commentFacts(row);
  return {
    id: row.comment.id,
    photo: row.comment.photoId,
    user: facts.deleted || !row.author ? null : toMiniUser(row.author),
    content: facts.deleted ? '' : row.comment.content,
    created_at: row.comment.createdAt.toISOString(),
    edited: row.comment.editedAt !== null,
    deleted: facts.deleted,
    parent_comment: row.comment.parentId,
    in_reply_to: row.answered?.id
      ? { id: row.answered.id, user: row.answeredAuthor ? toMiniUser(row.answeredAuthor) : null }
      : null,
    replies_count: Number(row.repliesCount),
    can_edit: canEditComment(v, facts),
    can_delete: canDeleteComment(v, facts, photo),
  };
}

export async function listTopLevel(ctx: AppContext, v: AccessViewer, photoId: string, page: PageQuery) {
  const photo = await readablePhoto(ctx, v, photoId);
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
  const photo = await readablePhoto(ctx, v, row.comment.photoId).catch(() => {
    throw notFound('No such comment.');
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
  const photo = await readablePhoto(ctx, v, photoId);
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
  const row = await notifyingTransaction(ctx, async (tx) => {
    const inserted = await repo.insertComment(tx, {
      photoId,
      userId: v.id,
      parentId,
      inReplyToId,
      content: body.content,
    });
    const about = { actorId: v.id, photoId, commentId: inserted.id };
    // The person answered hears REPLIED; the photographer hears COMMENTED, unless they were answered.
    if (answeredAuthorId) {
      await recordNotification(ctx, tx, {
        ...about,
        recipientId: answeredAuthorId,
        verb: 'REPLIED',
        targetType: 'COMMENT',
        targetId: inReplyToId!,
      });
    }
    if (photo.photo.photographerId !== answeredAuthorId) {
      await recordNotification(ctx, tx, {
        ...about,
        recipientId: photo.photo.photographerId,
        verb: 'COMMENTED',
        targetType: 'PHOTO',
        targetId: photoId,
      });
    }
    return inserted;
  });
  return presentComment(v, (await repo.findCommentRow(ctx.database.db, row.id))!, photoFacts(photo));
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
  return presentComment(v, (await repo.findCommentRow(ctx.database.db, commentId))!, photoFacts(photo));
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
  const db = ctx.database.db;
  await db.transaction(async (tx) => {
    if ((await repo.countReplies(tx, commentId)) > 0) {
      await repo.blankComment(tx, commentId, ctx.clock.now());
      return;
    }
    await repo.deleteComment(tx, commentId);
    const parentId = row.comment.parentId;
    if (parentId) {
      const parent = await repo.findCommentRow(tx, parentId);
      if (parent?.comment.deletedAt && (await repo.countReplies(tx, parentId)) === 0) {
        await repo.deleteComment(tx, parentId);
      }
    }
  });
}
