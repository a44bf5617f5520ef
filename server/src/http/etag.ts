import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Answer with an `ETag` and honour `If-None-Match`: a list a phone refreshes that found nothing
     * new costs a 304 with no body instead of the whole page again.
     */
    etag?: boolean;
  }
}

/**
 * Conditional GETs for the lists that opt in (`config: { etag: true }`). The tag is a hash of what
 * was sent (the body and its `Link` to the next page), so it changes exactly when the answer does,
 * including the signed URLs' expiry window. It is weak: the same JSON may not be byte-for-byte
 * what another server version would send. `private, no-cache` lets the person's own browser keep
 * the page and ask again each time, never a shared cache.
 */
export const conditionalGet = fp(
  async (app) => {
    app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
      if (request.method !== 'GET' || reply.statusCode !== 200 || !request.routeOptions.config?.etag) {
        return payload;
      }
      if (typeof payload !== 'string') return payload;
      const link = reply.getHeader('link');
      const tag = `W/"${createHash('sha1')
        .update(payload)
        .update(typeof link === 'string' ? `\n${link}` : '')
        .digest('base64url')}"`;
      reply.header('etag', tag);
      reply.header('cache-control', 'private, no-cache');
      if (!matches(request.headers['if-none-match'], tag)) return payload;
      reply.code(304);
      reply.removeHeader('content-type');
      reply.removeHeader('link');
      return '';
    });
  },
  { name: 'pixeli-conditional-get', fastify: '5.x' },
);

/** Whether an `If-None-Match` header names `tag` (weak comparison, as RFC 9110 asks for GET). */
function matches(header: string | undefined, tag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const opaque = tag.slice(2);
  return header.split(',').some((candidate) => {
    const t = candidate.trim();
    return (t.startsWith('W/') ? t.slice(2) : t) === opaque;
  });
}
