import { PhotoShareRead, ShareCreateBody, ShareCreated, SharedPhoto, ShareRead } from '@pixeli/contract';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireViewer } from '../../http/auth.js';
import { clientIp } from '../../http/client-ip.js';
import { bearerAuth, errorReplies } from '../../http/responses.js';
import { createShare, myShares, openShare, revokeById, revokeByToken, sharesOfPhoto } from './service.js';

const tags = ['sharing'];
const TokenParams = z.object({ token: z.string().min(20).max(100) });
/** The password of a protected link travels in a header, never in the URL (URLs end up in logs). */
const passwordOf = (req: FastifyRequest) => {
  const header = req.headers['x-share-password'];
  return typeof header === 'string' && header !== '' ? header : undefined;
};

export async function sharingRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = fastify;

  app.post('/api/photos/:id/share/', {
    schema: {
      tags,
      summary: 'Create a timed share link (the token is shown only once)',
      security: bearerAuth,
      params: z.object({ id: z.uuid() }),
      body: ShareCreateBody,
      response: { 201: ShareCreated, ...errorReplies(400, 401, 403, 404, 409, 429) },
    },
    handler: async (req, reply) => {
      const viewer = await requireViewer(req);
      return reply.code(201).send(await createShare(ctx, viewer, req.params.id, req.body));
    },
  });

  app.get('/api/photos/shares/', {
    schema: {
      tags,
      summary: 'The share links I created, newest first',
      security: bearerAuth,
      response: { 200: z.array(ShareRead), ...errorReplies(401) },
    },
    handler: async (req) => myShares(ctx, await requireViewer(req)),
  });

  app.get('/api/photos/:id/shares/', {
    schema: {
      tags,
      summary:
        'Every live link to a photo, whoever made it (its photographer, the coordinator or an admin), newest first',
      security: bearerAuth,
      params: z.object({ id: z.uuid() }),
      response: { 200: z.array(PhotoShareRead), ...errorReplies(401, 403, 404) },
    },
    handler: async (req) => sharesOfPhoto(ctx, await requireViewer(req), req.params.id),
  });

  app.delete('/api/photos/shares/:id/', {
    schema: {
      tags,
      summary: 'Revoke a share link by its id (its creator, the photographer, the coordinator or an admin)',
      security: bearerAuth,
      params: z.object({ id: z.uuid() }),
      response: { 204: z.null(), ...errorReplies(401, 403, 404) },
    },
    handler: async (req, reply) => {
      await revokeById(ctx, await requireViewer(req), req.params.id);
      return reply.code(204).send(null);
    },
  });

  app.get('/api/photos/share/:token/', {
    schema: {
      tags,
      summary: 'Open a share link, no account needed (password in X-Share-Password when set)',
      params: TokenParams,
      response: { 200: SharedPhoto, ...errorReplies(400, 401, 404, 410, 429) },
    },
    handler: async (req) =>
      openShare(ctx, req.params.token, passwordOf(req), clientIp(req), { count: req.method !== 'HEAD' }),
  });

  app.delete('/api/photos/share/:token/', {
    schema: {
      tags,
      summary: 'Revoke a share link (its creator, the photographer, the coordinator or an admin)',
      security: bearerAuth,
      params: TokenParams,
      response: { 204: z.null(), ...errorReplies(401, 403, 404) },
    },
    handler: async (req, reply) => {
      await revokeByToken(ctx, await requireViewer(req), req.params.token);
      return reply.code(204).send(null);
    },
  });
}
