import type { SiteRole } from '@pixeli/contract';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { users } from '../db/schema.js';
import { notSignedIn, tokenInvalid } from '../errors.js';

/** The signed-in person making a request, and the sign-in it came through. */
export interface Viewer {
  id: string;
  username: string;
  role: SiteRole;
  sessionId: string;
  user: typeof users.$inferSelect;
}

/** The viewer behind a bearer token, or undefined when the token or its sign-in is no good. */
export type ViewerResolver = (token: string) => Promise<Viewer | undefined>;

declare module 'fastify' {
  interface FastifyInstance {
    /** Set by the auth plugin: who holds this token (401 `token_invalid` when nobody). */
    viewerFromToken(token: string): Promise<Viewer>;
  }
  interface FastifyRequest {
    /** Memoized result of `requireViewer`, so a request checks its token once. */
    viewerPromise?: Promise<Viewer>;
  }
}

/**
 * Bearer-token sign-in. Who a token belongs to is the accounts feature's business: app.ts passes its
 * resolver in, so this layer knows requests and tokens, not users and sessions.
 */
export const auth = fp<{ resolveViewer: ViewerResolver }>(
  async (app, { resolveViewer }) => {
    app.decorate('viewerFromToken', async (token: string) => {
      const viewer = await resolveViewer(token);
      if (!viewer) throw tokenInvalid();
      return viewer;
    });
  },
  { name: 'pixeli-auth', fastify: '5.x' },
);

export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const [scheme, token] = header.split(' ');
  return scheme?.toLowerCase() === 'bearer' && token ? token : undefined;
}

/** The viewer behind a token: valid signature, unexpired, its sign-in live and the account active. */
export function viewerFromToken(request: FastifyRequest, token: string): Promise<Viewer> {
  return request.server.viewerFromToken(token);
}

/** 401 unless the request carries a bearer token for a live sign-in. */
export function requireViewer(request: FastifyRequest): Promise<Viewer> {
  if (!request.viewerPromise) {
    const token = bearerToken(request);
    request.viewerPromise = token ? viewerFromToken(request, token) : Promise.reject(notSignedIn());
    // The rejection is handled by whoever awaits; avoid an unhandled-rejection warning meanwhile.
    request.viewerPromise.catch(() => {});
  }
  return request.viewerPromise;
}
