import {
  Notification,
  NotificationListQuery,
  NotificationPatchBody,
  ReadAllReply,
  UnreadCount,
} from '@pixeli/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireViewer } from '../../http/auth.js';
import { listLimit, paginate } from '../../http/pagination.js';
import { bearerAuth, errorReplies } from '../../http/responses.js';
import * as notifications from './service.js';

const tags = ['notifications'];
const Params = z.object({ id: z.uuid() });

export async function notificationRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = fastify;

  app.get('/api/notifications/', {
    schema: {
      tags,
      summary: 'My notifications, most recently active first (?read=true|false)',
      security: bearerAuth,
      querystring: NotificationListQuery,
      response: { 200: z.array(Notification), ...errorReplies(400, 401) },
    },
    handler: async (req, reply) => {
      const limit = listLimit(req.query, ctx.config);
      const rows = await notifications.listNotifications(ctx, await requireViewer(req), {
        ...req.query,
        limit,
      });
      const page = paginate(req, reply, rows, limit, (r) => [r.cursorAt, r.row.id]);
      return notifications.presentNotifications(
        ctx,
        page.map((r) => r.row),
      );
    },
  });

  app.get('/api/notifications/unread-count/', {
    schema: {
      tags,
      summary: 'How many of my notifications are unread (the badge)',
      security: bearerAuth,
      response: { 200: UnreadCount, ...errorReplies(401) },
    },
    handler: async (req) => ({
      unread_count: await notifications.unreadCount(ctx, await requireViewer(req)),
    }),
  });

  app.post('/api/notifications/read-all/', {
    schema: {
      tags,
      summary: 'Mark all my notifications read',
      security: bearerAuth,
      response: { 200: ReadAllReply, ...errorReplies(401) },
    },
    handler: async (req) => ({ updated: await notifications.markAllRead(ctx, await requireViewer(req)) }),
  });

  for (const method of ['PATCH', 'PUT'] as const) {
    app.route({
      method,
      url: '/api/notifications/:id/',
      schema: {
        tags,
        summary: 'Mark one notification read or unread (a JSON boolean only)',
        security: bearerAuth,
        params: Params,
        body: NotificationPatchBody,
        response: { 200: Notification, ...errorReplies(400, 401, 404) },
      },
      handler: async (req) =>
        notifications.markRead(ctx, await requireViewer(req), req.params.id, req.body.read),
    });
  }

  app.delete('/api/notifications/:id/', {
    schema: {
      tags,
      summary: 'Delete one of my notifications',
      security: bearerAuth,
      params: Params,
      response: { 204: z.null(), ...errorReplies(401, 404) },
    },
    handler: async (req, reply) => {
      await notifications.removeNotification(ctx, await requireViewer(req), req.params.id);
      return reply.code(204).send(null);
    },
  });
}
