import {
  EventCreateBody,
  EventDeleteQuery,
  EventMember,
  EventRead,
  EventUpdateBody,
  InviteCreateBody,
  InviteCreated,
  InvitePreview,
  InviteRead,
  ListQuery,
  MemberAddBody,
  MemberPatchBody,
} from '@pixeli/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireViewer } from '../../http/auth.js';
import { listLimit, paginate } from '../../http/pagination.js';
import { bearerAuth, errorReplies } from '../../http/responses.js';
import { presentEvents } from './present.js';
import { createEvent, deleteEvent, listEvents, members, readEvent, updateEvent } from './service.js';

const tags = ['events'];
const EventParams = z.object({ id: z.uuid() });
const MemberParams = z.object({ id: z.uuid(), user_id: z.uuid() });
const InviteParams = z.object({ id: z.uuid(), invite_id: z.uuid() });
const TokenParams = z.object({ token: z.string().min(16).max(100) });

export async function eventRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = fastify;
  const one = async (
    v: Parameters<typeof presentEvents>[1],
    row: Parameters<typeof presentEvents>[2][number],
  ) => (await presentEvents(ctx, v, [row]))[0]!;

  app.get('/api/events/', {
    config: { etag: true },
    schema: {
      tags,
      summary: 'Events I may see, newest first',
      security: bearerAuth,
      querystring: ListQuery,
      response: { 200: z.array(EventRead), ...errorReplies(400, 401) },
    },
    handler: async (req, reply) => {
      const viewer = await requireViewer(req);
      const limit = listLimit(req.query, ctx.config);
      const rows = await listEvents(ctx, viewer, { ...req.query, limit });
      const page = paginate(req, reply, rows, limit, (e) => [e.cursorAt, e.id]);
      return presentEvents(ctx, viewer, page);
    },
  });

  app.post('/api/events/', {
    schema: {
      tags,
      summary: 'Create an event; I become its coordinator',
      security: bearerAuth,
      body: EventCreateBody,
      response: { 201: EventRead, ...errorReplies(400, 401) },
    },
    handler: async (req, reply) => {
      const viewer = await requireViewer(req);
      return reply.code(201).send(await one(viewer, await createEvent(ctx, viewer, req.body)));
    },
  });

  app.get('/api/events/:id/', {
    schema: {
      tags,
      summary: 'One event (404 when I may not know of it)',
      security: bearerAuth,
      params: EventParams,
      response: { 200: EventRead, ...errorReplies(401, 404) },
    },
    handler: async (req) => {
      const viewer = await requireViewer(req);
      return one(viewer, await readEvent(ctx, viewer, req.params.id));
    },
  });

  for (const method of ['PUT', 'PATCH'] as const) {
    app.route({
      method,
      url: '/api/events/:id/',
      schema: {
        tags,
        summary: 'Change an event (coordinator or admin; only the fields given)',
        security: bearerAuth,
        params: EventParams,
        body: EventUpdateBody,
        response: { 200: EventRead, ...errorReplies(400, 401, 403, 404) },
      },
      handler: async (req) => {
        const viewer = await requireViewer(req);
        return one(viewer, await updateEvent(ctx, viewer, req.params.id, req.body));
      },
    });
  }

  app.delete('/api/events/:id/', {
    schema: {
      tags,
      summary: 'Delete an event; with photos only with ?cascade=true, which deletes them and their files',
      security: bearerAuth,
      params: EventParams,
      querystring: EventDeleteQuery,
      response: { 204: z.null(), ...errorReplies(401, 403, 404, 409) },
    },
    handler: async (req, reply) => {
      await deleteEvent(ctx, await requireViewer(req), req.params.id, req.query.cascade);
      return reply.code(204).send(null);
    },
  });

  app.get('/api/events/:id/members/', {
    schema: {
      tags,
      summary: "The event's members",
      security: bearerAuth,
      params: EventParams,
      response: { 200: z.array(EventMember), ...errorReplies(401, 404) },
    },
    handler: async (req) => members.listMembers(ctx, await requireViewer(req), req.params.id),
  });

  app.post('/api/events/:id/members/', {
    schema: {
      tags,
      summary: 'Add someone by username as a viewer or contributor (or change their role)',
      security: bearerAuth,
      params: EventParams,
      body: MemberAddBody,
      response: { 201: EventMember, ...errorReplies(400, 401, 403, 404, 429) },
    },
    handler: async (req, reply) => {
      const viewer = await requireViewer(req);
      return reply
        .code(201)
        .send(await members.addMember(ctx, viewer, req.params.id, req.body.username, req.body.role));
    },
  });

  app.patch('/api/events/:id/members/:user_id/', {
    schema: {
      tags,
      summary: "Change a member's role",
      security: bearerAuth,
      params: MemberParams,
      body: MemberPatchBody,
      response: { 200: EventMember, ...errorReplies(400, 401, 403, 404) },
    },
    handler: async (req) =>
      members.changeMemberRole(
        ctx,
        await requireViewer(req),
        req.params.id,
        req.params.user_id,
        req.body.role,
      ),
  });

  app.delete('/api/events/:id/members/:user_id/', {
    schema: {
      tags,
      summary: 'Remove a member; my own id means I leave the event',
      security: bearerAuth,
      params: MemberParams,
      response: { 204: z.null(), ...errorReplies(401, 403, 404) },
    },
    handler: async (req, reply) => {
      await members.removeMember(ctx, await requireViewer(req), req.params.id, req.params.user_id);
      return reply.code(204).send(null);
    },
  });

  app.post('/api/events/:id/invites/', {
    schema: {
      tags,
      summary: 'Create an invite link (the token is shown only once)',
      security: bearerAuth,
      params: EventParams,
      body: InviteCreateBody,
      response: { 201: InviteCreated, ...errorReplies(400, 401, 403, 404, 429) },
    },
    handler: async (req, reply) => {
      const viewer = await requireViewer(req);
      return reply.code(201).send(await members.createInvite(ctx, viewer, req.params.id, req.body));
    },
  });

  app.get('/api/events/:id/invites/', {
    schema: {
      tags,
      summary: "The event's invite links",
      security: bearerAuth,
      params: EventParams,
      response: { 200: z.array(InviteRead), ...errorReplies(401, 403, 404) },
    },
    handler: async (req) => members.listInvites(ctx, await requireViewer(req), req.params.id),
  });

  app.delete('/api/events/:id/invites/:invite_id/', {
    schema: {
      tags,
      summary: 'Revoke an invite link at once',
      security: bearerAuth,
      params: InviteParams,
      response: { 204: z.null(), ...errorReplies(401, 403, 404) },
    },
    handler: async (req, reply) => {
      await members.revokeInvite(ctx, await requireViewer(req), req.params.id, req.params.invite_id);
      return reply.code(204).send(null);
    },
  });

  app.get('/api/invites/:token/', {
    schema: {
      tags,
      summary:
        'What an invite link is for (no sign-in needed; 410 once it has ended, 404 if it never existed)',
      params: TokenParams,
      response: { 200: InvitePreview, ...errorReplies(400, 404, 410) },
    },
    handler: async (req) => members.previewInvite(ctx, req.params.token),
  });

  app.post('/api/invites/:token/accept/', {
    schema: {
      tags,
      summary: 'Join the event of an invite link',
      security: bearerAuth,
      params: TokenParams,
      response: { 200: EventRead, ...errorReplies(400, 401, 404) },
    },
    handler: async (req) => {
      const viewer = await requireViewer(req);
      const eventId = await members.acceptInvite(ctx, viewer, req.params.token);
      return one(viewer, await readEvent(ctx, viewer, eventId));
    },
  });
}
