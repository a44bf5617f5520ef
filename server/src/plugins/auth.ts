import type { SiteRole } from '@pixeli/contract';
import type { FastifyRequest } from 'fastify';
import { notSignedIn, tokenInvalid } from '../errors.js';
import { findActiveUserBySession, type UserRow } from '../features/accounts/repo.js';
import { verifyAccessToken } from '../features/accounts/tokens.js';

/** The signed-in person making a request, and the sign-in it came through. */
export interface Viewer {
  id: string;
  username: string;
  role: SiteRole;
  sessionId: string;
  user: UserRow;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Memoized result of `requireViewer`, so a request checks its token once. */
    viewerPromise?: Promise<Viewer>;
  }
}

export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const [scheme, token] = header.split(' ');
  return scheme?.toLowerCase() === 'bearer' && token ? token : undefined;
}

/** The viewer behind a token: valid signature, unexpired, its sign-in live and the account active. */
export async function viewerFromToken(request: FastifyRequest, token: string): Promise<Viewer> {
  const ctx = request.server.ctx;
  const now = ctx.clock.now();
  const claims = await verifyAccessToken(ctx.secret, token, now);
  if (!claims) throw tokenInvalid();
  const user = await findActiveUserBySession(ctx.database.db, claims.sessionId, claims.userId, now);
  if (!user) throw tokenInvalid();
  return { id: user.id, username: user.username, role: user.role, sessionId: claims.sessionId, user };
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
