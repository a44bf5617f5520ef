import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';

/** Security headers everywhere; cross-origin calls only from the origins an operator lists. */
export async function registerSecurity(app: FastifyInstance, config: Config) {
  await app.register(helmet, {
    // The API answers JSON; the docs page sets its own policy (swagger-ui staticCSP).
    contentSecurityPolicy: { directives: { 'default-src': ["'none'"], 'frame-ancestors': ["'none'"] } },
    crossOriginResourcePolicy: { policy: 'same-site' },
  });
  await app.register(cors, {
    origin: config.CORS_ORIGINS.length > 0 ? config.CORS_ORIGINS : false,
    // The web app's session cookie (http/session-cookie.ts) must reach a listed origin's fetches with
    // `credentials: 'include'`; it is the only cookie here, scoped to routes that check Origin.
    credentials: true,
    exposedHeaders: ['link', 'retry-after', 'x-request-id'],
    maxAge: 600,
  });
}
