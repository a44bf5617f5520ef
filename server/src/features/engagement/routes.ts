import {
  Comment,
  CommentBody,
  CommentEditBody,
  LikeReply,
  Liker,
  PageQuery,
  PhotoRead,
  TagPeopleBody,
  UnlikeReply,
} from '@pixeli/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireViewer } from '../../http/auth.js';
import { paginate } from '../../http/pagination.js';
import { bearerAuth, errorReplies } from '../../http/responses.js';
import { toMiniUser } from '../accounts/present.js';
import { presentLoadedPhoto, presentOnePhoto, tagPeopleInPhoto, untag } from '../photos/service.js';
import { comments, like, likers, unlike } from './service.js';

const tags = ['engagement'];
const PhotoParams = z.object({ id: z.uuid() });
const CommentParams = z.object({ id: z.uuid(), comment_id: z.uuid() });

export async function engagementRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = fastify;

  app.post('/api/photos/:id/likes/', {
    schema: {
      tags,
      summary: 'Like a photo',
      security: bearerAuth,
      params: PhotoParams,
      response: { 201: LikeReply, ...errorReplies(400, 401, 404, 429) },
    },
    handler: async (req, reply) => {
      const viewer = await requireViewer(req);
      const liked = await like(ctx, viewer, req.params.id);
      const photo = await presentLoadedPhoto(ctx, viewer, liked.photo);
      return reply.code(201).send({ photo, created_at: liked.createdAt.toISOString() });
    },
  });

  app.delete('/api/photos/:id/likes/', {
    schema: {
      tags,
      summary: 'Take back my like',
      security: bearerAuth,
      params: PhotoParams,
      response: { 200: UnlikeReply, ...errorReplies(400, 401, 404, 429) },
    },
    handler: async (req) => {
      const viewer = await requireViewer(req);
      const photo = await unlike(ctx, viewer, req.params.id);
      return { photo: await presentLoadedPhoto(ctx, viewer, photo) };
    },
  });

  app.get('/api/photos/:id/likes/', {
    schema: {
      tags,
      summary: 'Who liked a photo, newest first',
      security: bearerAuth,
      params: PhotoParams,
      querystring: PageQuery,
      response: { 200: z.array(Liker), ...errorReplies(400, 401, 404) },
    },
    handler: async (req, reply) => {
      const rows = await likers(ctx, await requireViewer(req), req.params.id, req.query);
      const page = paginate(req, reply, rows, req.query.limit, (r) => [r.cursorAt, r.user.id]);
      return Promise.all(
        page.map(async (r) => ({
          user: await toMiniUser(ctx, r.user),
          created_at: r.createdAt.toISOString(),
        })),
      );
    },
  });

  app.post('/api/photos/:id/tags/', {
    schema: {
      tags,
      summary: 'Tag people in a photo by username (photographer, coordinator or admin)',
      security: bearerAuth,
      params: PhotoParams,
      body: TagPeopleBody,
      response: { 200: PhotoRead, ...errorReplies(400, 401, 403, 404, 429) },
    },
    handler: async (req) => {
      const viewer = await requireViewer(req);
      await tagPeopleInPhoto(ctx, viewer, req.params.id, (req.body.tagged_usernames ?? req.body.usernames)!);
      return presentOnePhoto(ctx, viewer, req.params.id);
    },
  });

  app.delete('/api/photos/:id/tags/:user_id/', {
    schema: {
      tags,
      summary: 'Remove a tag (its staff, or the tagged person themselves)',
      security: bearerAuth,
      params: z.object({ id: z.uuid(), user_id: z.uuid() }),
      response: { 204: z.null(), ...errorReplies(401, 403, 404, 429) },
    },
    handler: async (req, reply) => {
      await untag(ctx, await requireViewer(req), req.params.id, req.params.user_id);
      return reply.code(204).send(null);
    },
  });

  // Top-level comments and the replies to one: the same page of comments, from a photo or a thread.
  const commentLists = [
    [
      '/api/photos/:id/comments/',
      "A photo's top-level comments, oldest first, each with its replies_count",
      comments.listTopLevel,
    ],
    ['/api/comments/:id/children/', 'The replies to a comment, oldest first', comments.listReplies],
  ] as const;
  for (const [url, summary, list] of commentLists) {
    app.get(url, {
      schema: {
        tags,
        summary,
        security: bearerAuth,
        params: PhotoParams,
        querystring: PageQuery,
        response: { 200: z.array(Comment), ...errorReplies(400, 401, 404) },
      },
      handler: async (req, reply) => {
        const viewer = await requireViewer(req);
        const { rows, facts } = await list(ctx, viewer, req.params.id, req.query);
        const page = paginate(req, reply, rows, req.query.limit, (r) => [r.cursorAt, r.comment.id]);
        return Promise.all(page.map((r) => comments.presentComment(ctx, viewer, r, facts)));
      },
    });
  }

  app.post('/api/photos/:id/comments/', {
    schema: {
      tags,
      summary: 'Comment on a photo, or reply with parent_comment',
      security: bearerAuth,
      params: PhotoParams,
      body: CommentBody,
      response: { 201: Comment, ...errorReplies(400, 401, 404, 429) },
    },
    handler: async (req, reply) => {
      const viewer = await requireViewer(req);
      return reply.code(201).send(await comments.addComment(ctx, viewer, req.params.id, req.body));
    },
  });

  app.patch('/api/photos/:id/comments/:comment_id/', {
    schema: {
      tags,
      summary: 'Edit my comment (marked edited)',
      security: bearerAuth,
      params: CommentParams,
      body: CommentEditBody,
      response: { 200: Comment, ...errorReplies(400, 401, 403, 404) },
    },
    handler: async (req) =>
      comments.editComment(
        ctx,
        await requireViewer(req),
        req.params.id,
        req.params.comment_id,
        req.body.content,
      ),
  });

  app.delete('/api/photos/:id/comments/:comment_id/', {
    schema: {
      tags,
      summary: 'Delete a comment (its author, the photographer, the coordinator or an admin)',
      security: bearerAuth,
      params: CommentParams,
      response: { 204: z.null(), ...errorReplies(401, 403, 404) },
    },
    handler: async (req, reply) => {
      await comments.deleteComment(ctx, await requireViewer(req), req.params.id, req.params.comment_id);
      return reply.code(204).send(null);
    },
  });
}
