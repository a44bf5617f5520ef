import { AdminUser, AdminUserListQuery, AdminUserPatchBody } from '@pixeli/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireViewer } from '../../http/auth.js';
import { paginate } from '../../http/pagination.js';
import { bearerAuth, errorReplies } from '../../http/responses.js';
import { toAdminUser } from '../accounts/present.js';
import { listUsers, updateUser } from './service.js';

const tags = ['admin'];

export async function adminRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = fastify;

  app.get('/api/admin/users/', {
    schema: {
      tags,
      summary: 'All accounts, newest first (filter by role and is_active)',
      security: bearerAuth,
      querystring: AdminUserListQuery,
      response: { 200: z.array(AdminUser), ...errorReplies(400, 401, 403) },
    },
    handler: async (req, reply) => {
      const rows = await listUsers(ctx, await requireViewer(req), req.query);
      const page = paginate(req, reply, rows, req.query.limit, (row) => [row.cursorAt, row.user.id]);
      return Promise.all(page.map((row) => toAdminUser(ctx, row.user)));
    },
  });

  app.patch('/api/admin/users/:id/', {
    schema: {
      tags,
      summary: "Change an account's site role or whether it may sign in",
      security: bearerAuth,
      params: z.object({ id: z.uuid() }),
      body: AdminUserPatchBody,
      response: { 200: AdminUser, ...errorReplies(400, 401, 403, 404, 409) },
    },
    handler: async (req) =>
      toAdminUser(ctx, await updateUser(ctx, await requireViewer(req), req.params.id, req.body)),
  });
}
