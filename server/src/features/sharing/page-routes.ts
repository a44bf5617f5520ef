import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import { clientIp } from '../../http/client-ip.js';
import { wantsPage } from '../../http/html-page.js';
import { renderSharePage, type SharePageView, sharePagePolicy } from './page.js';
import { type OpenedShare, sharedMediaUrl, unlockShare } from './service.js';

/**
 * `/s/<token>`, the address people paste into a chat. A browser gets a page (the photo, or a
 * password form for a protected link, or why the link stopped working); anything else, such as an
 * `<img>` or curl, goes straight to the image, as the original's share URLs did.
 */

const TokenParams = z.object({ token: z.string().min(20).max(100) });
const PasswordForm = z.object({ password: z.string().min(1).max(200) });
/** A password form is a few dozen bytes; anything much larger is not one. */
const FORM_BODY_LIMIT = 4096;

export async function sharePageRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = fastify;

  // Only these routes read HTML forms; the rest of the API stays JSON-only.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT },
    (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );

  /** Renders the link, or the page that says why it cannot be shown. */
  const answer = async (
    req: FastifyRequest,
    reply: FastifyReply,
    token: string,
    password: string | undefined,
  ) => {
    let opened: OpenedShare;
    try {
      opened = await unlockShare(ctx, token, password, clientIp(req), { count: req.method !== 'HEAD' });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return sendPage(reply, error.statusCode, refusalView(error), null, error.headers);
    }
    const [imageUrl, downloadUrl] = await Promise.all([
      sharedMediaUrl(ctx, opened, { display: true }),
      sharedMediaUrl(ctx, opened, { download: true }),
    ]);
    const protectedLink = opened.share.passwordHash !== null;
    const view: SharePageView = {
      kind: 'photo',
      imageUrl,
      downloadUrl,
      width: opened.photo.width,
      height: opened.photo.height,
      eventTitle: opened.eventTitle,
      photographerName: opened.photographer.name || opened.photographer.username,
      caption: opened.photo.caption,
      takenAt: opened.photo.timestamp,
      expiresAt: opened.share.expiresAt,
      original: opened.share.variant === 'O',
      preview: !protectedLink,
    };
    return sendPage(reply, 200, view, new URL(imageUrl).origin);
  };

  app.get('/s/:token', {
    schema: { hide: true, params: TokenParams },
    handler: async (req, reply) => {
      if (wantsPage(req)) return answer(req, reply, req.params.token, undefined);
      const opened = await unlockShare(ctx, req.params.token, undefined, clientIp(req), {
        count: req.method !== 'HEAD',
      });
      return reply.header('cache-control', 'no-store').redirect(await sharedMediaUrl(ctx, opened), 302);
    },
  });

  // The password form posts back to the link itself: the password never appears in a URL.
  app.post('/s/:token', {
    schema: { hide: true, params: TokenParams, body: PasswordForm },
    handler: async (req, reply) => answer(req, reply, req.params.token, req.body.password),
  });
}

function refusalView(error: AppError): SharePageView {
  switch (error.code) {
    case 'share_password_required':
      return { kind: 'password', wrongPassword: false };
    case 'share_password_invalid':
      return { kind: 'password', wrongPassword: true };
    case 'throttled':
      return { kind: 'message', title: 'Too many tries', text: error.detail };
    default:
      return {
        kind: 'message',
        title: 'This link no longer works',
        text: 'It has expired or was revoked. Ask the person who shared it for a new one.',
      };
  }
}

function sendPage(
  reply: FastifyReply,
  status: number,
  view: SharePageView,
  imageOrigin: string | null,
  headers: Record<string, string> = {},
) {
  return reply
    .code(status)
    .headers(headers)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .header('content-security-policy', sharePagePolicy(imageOrigin))
    .send(renderSharePage(view));
}
