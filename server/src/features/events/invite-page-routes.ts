import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { htmlPagePolicy, wantsPage } from '../../http/html-page.js';
import type { AppShell } from '../../http/web-app.js';
import { renderInvitePage } from './invite-page.js';
import { members } from './service.js';

/**
 * `/invite/<token>`, the address an invite's `url` names. A browser gets a page (the event and how
 * to join, or why the link no longer works); any other client gets the same JSON preview as
 * `GET /api/invites/<token>/`. When the server serves the web app, a browser gets the app instead
 * (`appShell`): its join screen previews the invite through the API.
 */

const TokenParams = z.object({ token: z.string().min(20).max(100) });

const STATUS = { invite: 200, unknown: 404, gone: 410 } as const;

export async function invitePageRoutes(fastify: FastifyInstance, options: { appShell?: AppShell }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = fastify;

  app.get('/invite/:token', {
    schema: { hide: true, params: TokenParams },
    handler: async (req, reply) => {
      const { token } = req.params;
      if (!wantsPage(req)) return members.previewInvite(ctx, token);
      if (options.appShell) return options.appShell(req, reply);
      const found = await members.inviteForPage(ctx, token);
      const view = found.kind === 'invite' ? { ...found, token } : found;
      return reply
        .code(STATUS[found.kind])
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('referrer-policy', 'no-referrer')
        .header('content-security-policy', htmlPagePolicy(null))
        .send(renderInvitePage(view));
    },
  });
}
