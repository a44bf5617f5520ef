import type { FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';

/**
 * Where a request comes from and over what, for routes a browser's cookie authenticates. A cookie
 * goes along with whatever page makes the request; the Origin header says which page that was.
 */

type OriginConfig = Pick<Config, 'PUBLIC_URL' | 'CORS_ORIGINS'>;

/** `scheme://host[:port]` as a browser writes it in Origin (lower case, default port dropped), or undefined. */
function normalizeOrigin(origin: string): string | undefined {
  try {
    const url = new URL(origin);
    return url.origin === 'null' ? undefined : url.origin;
  } catch {
    return undefined;
  }
}

/** Whether the browser reached this server over HTTPS: PUBLIC_URL says so, or the request does (behind TRUST_PROXY, its X-Forwarded-Proto). */
export function isHttps(request: FastifyRequest, config: Pick<Config, 'PUBLIC_URL'>): boolean {
  return /^https:/i.test(config.PUBLIC_URL ?? '') || request.protocol === 'https';
}

/** This server's own origin: PUBLIC_URL's, else the request's scheme and Host. */
export function ownOrigin(request: FastifyRequest, config: OriginConfig): string | undefined {
  return normalizeOrigin(config.PUBLIC_URL ?? `${request.protocol}://${request.host}`);
}

export const originRefused = () =>
  new AppError(
    403,
    'origin_refused',
    'This request must come from a page of this site: its Origin header is missing or not allowed.',
  );

/**
 * Refuses (403 `origin_refused`) a request whose Origin is missing or is neither this server nor one
 * of CORS_ORIGINS, before its body is read. Browsers send Origin on every POST, so only a foreign page
 * (or a client that is not a browser) lacks a good one.
 */
export function requireAllowedOrigin(request: FastifyRequest, config: OriginConfig): void {
  const header = request.headers.origin;
  const origin = typeof header === 'string' ? normalizeOrigin(header) : undefined;
  if (!origin) throw originRefused();
  if (origin === ownOrigin(request, config)) return;
  if (config.CORS_ORIGINS.some((allowed) => normalizeOrigin(allowed) === origin)) return;
  throw originRefused();
}
