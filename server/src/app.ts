import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { AppContext } from './context.js';
import { accountRoutes } from './features/accounts/routes.js';
import { adminRoutes } from './features/admin/routes.js';
import { healthRoutes } from './features/health/routes.js';
import { registerDocs } from './plugins/docs.js';
import { registerErrorHandler } from './plugins/error-handler.js';
import { registerSecurity } from './plugins/security.js';

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
  }
}

/** Query parameters that carry credentials are masked before a URL reaches a log line. */
const SECRET_QUERY = /([?&](?:token|access|refresh|password)=)[^&]*/gi;
export const redactUrl = (url: string) => url.replace(SECRET_QUERY, '$1[redacted]');

/** The HTTP application: infrastructure plugins, then the feature routes. Nothing else. */
export async function buildApp(ctx: AppContext): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: ctx.log as FastifyBaseLogger,
    genReqId: () => randomUUID(),
    requestIdLogLabel: 'reqId',
    bodyLimit: ctx.config.BODY_LIMIT_BYTES,
    trustProxy: ctx.config.TRUST_PROXY,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // Fastify's default request log includes the raw URL; ours masks credentials in it.
    disableRequestLogging: true,
  });
  app.decorate('ctx', ctx);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // JSON only: a text body is a wrong media type (415), not a string to validate.
  app.removeContentTypeParser('text/plain');

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    request.log.info({ method: request.method, url: redactUrl(request.url), ip: request.ip }, 'request');
  });
  app.addHook('onResponse', async (request, reply) => {
    request.log.info({ statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'response');
  });

  registerErrorHandler(app);
  await registerSecurity(app, ctx.config);
  await registerDocs(app);

  await app.register(healthRoutes);
  await app.register(accountRoutes);
  await app.register(adminRoutes);
  return app;
}
