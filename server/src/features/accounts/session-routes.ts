import { AccessReply, SESSION_COOKIE_NAME, SESSION_COOKIE_PATH } from '@pixeli/contract';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import { bearerToken, viewerFromToken } from '../../http/auth.js';
import { requireAllowedOrigin } from '../../http/request-origin.js';
import { bearerAuth, errorReplies } from '../../http/responses.js';
import {
  clearedRefreshCookie,
  refreshTokenFromCookie,
  sessionCookieInvalid,
  setRefreshCookie,
} from '../../http/session-cookie.js';
import { endSignIn, logout, refresh } from './service.js';

/**
 * The web app's session routes, the only ones its refresh cookie is sent to (the cookie's Path is
 * their prefix). A cookie rides along with any request the browser makes, so each route first checks
 * that the page making it is this site or one CORS_ORIGINS lists.
 */

const tags = ['accounts'];
const cookieNote = `Reads the \`${SESSION_COOKIE_NAME}\` cookie (HttpOnly, SameSite=Strict, Path=${SESSION_COOKIE_PATH}) set by a sign-in sent with \`X-Pixeli-Session: cookie\`. The Origin header must be this server's origin or one of CORS_ORIGINS (else 403 \`origin_refused\`, and nothing changes).`;

export async function sessionCookieRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = fastify;
  // Before the body is parsed: a foreign form's POST is refused as such, whatever it sends.
  const onRequest = async (request: FastifyRequest) => requireAllowedOrigin(request, ctx.config);

  app.post(`${SESSION_COOKIE_PATH}refresh/`, {
    onRequest,
    schema: {
      tags,
      summary:
        'Trade the session cookie for a new access token (the cookie is rotated, each value works once)',
      description: `${cookieNote} No cookie is 204 with no body: nobody is signed in in this browser, which is how every visit of a signed-out person starts, not an error. An unknown, expired or already used one is 401 \`session_cookie_invalid\` (a used one also ends its sign-in) and deletes the cookie.`,
      response: { 200: AccessReply, 204: z.null(), ...errorReplies(401, 403) },
    },
    handler: async (req, reply) => {
      const token = refreshTokenFromCookie(req);
      if (!token) return reply.code(204).send(null);
      const pair = await refresh(ctx, token).catch((error: unknown) => {
        throw error instanceof AppError && error.statusCode === 401 ? sessionCookieInvalid(req) : error;
      });
      setRefreshCookie(req, reply, pair.refresh);
      return { access: pair.access };
    },
  });

  app.post(`${SESSION_COOKIE_PATH}logout/`, {
    onRequest,
    schema: {
      tags,
      summary: 'End the sign-in of the session cookie (or of the bearer token) and delete the cookie',
      description: `${cookieNote} A bearer access token, if sent, ends its sign-in too. Always 204: an unknown or ended sign-in is already signed out.`,
      security: [...bearerAuth, {}],
      response: { 204: z.null(), ...errorReplies(403) },
    },
    handler: async (req, reply) => {
      const token = refreshTokenFromCookie(req);
      if (token) await logout(ctx, token);
      const bearer = bearerToken(req);
      // A token that no longer signs anyone in has no sign-in left to end.
      const viewer = bearer ? await viewerFromToken(req, bearer).catch(() => undefined) : undefined;
      if (viewer) await endSignIn(ctx, viewer.sessionId);
      return reply.code(204).header('set-cookie', clearedRefreshCookie(req)).send(null);
    },
  });
}
