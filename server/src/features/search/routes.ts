import { UnifiedSearchQuery, UnifiedSearchReply } from '@pixeli/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireViewer } from '../../http/auth.js';
import { bearerAuth, errorReplies } from '../../http/responses.js';
import { unifiedSearch } from './service.js';

export async function searchRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = fastify;

  app.get('/api/search/', {
    schema: {
      tags: ['search'],
      summary: 'People, events and photos matching what is typed (each word by its beginning)',
      description:
        'Made to be called on every keystroke. Photos match by their tags and caption, the people ' +
        'tagged in them, their photographer and their event; only what the caller may see is returned.',
      security: bearerAuth,
      querystring: UnifiedSearchQuery,
      response: { 200: UnifiedSearchReply, ...errorReplies(400, 401) },
    },
    handler: async (req) => unifiedSearch(ctx, await requireViewer(req), req.query),
  });
}
