import { randomUUID } from 'node:crypto';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
} from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import type { AppContext } from './context.js';
import { accountRoutes } from './features/accounts/routes.js';
import { sessionCookieRoutes } from './features/accounts/session-routes.js';
import { viewerForToken } from './features/accounts/viewer.js';
import { adminRoutes } from './features/admin/routes.js';
import { engagementRoutes } from './features/engagement/routes.js';
import { invitePageRoutes } from './features/events/invite-page-routes.js';
import { eventRoutes } from './features/events/routes.js';
import { healthRoutes } from './features/health/routes.js';
import { mediaRoutes } from './features/media/routes.js';
import { mlRoutes } from './features/ml/routes.js';
import { notificationRoutes } from './features/notifications/routes.js';
import { photoRoutes } from './features/photos/routes.js';
import { realtimeRoutes } from './features/realtime/routes.js';
import { searchRoutes } from './features/search/routes.js';
import { sharePageRoutes } from './features/sharing/page-routes.js';
import { sharingRoutes } from './features/sharing/routes.js';
import { shareLinkIsLive } from './features/sharing/service.js';
import { auth } from './http/auth.js';
import { registerDocs } from './http/docs.js';
import { answerFrameworkError, errorHandler } from './http/error-handler.js';
import { conditionalGet } from './http/etag.js';
import { jsonBody } from './http/json-body.js';
import { refuseNullCharacters } from './http/null-characters.js';
import { redactUrl } from './http/redact-url.js';
import { registerSecurity } from './http/security.js';
import { responseSerializerCompiler } from './http/serializer.js';
import { registerUploads } from './http/uploads.js';
import { openWebApp } from './http/web-app.js';

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
  }
}

/** Fastify's default request log prints the raw URL; this one masks credentials in it. */
class RequestLogController extends LogController {
  override incomingRequest(request: FastifyRequest) {
    request.log.info(
      { method: request.method, url: redactUrl(request.url), ip: request.ip },
      'incoming request',
    );
  }
  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply) {
    const fields = { statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime) };
    if (error) request.log.error({ ...fields, err: error }, 'request errored');
    else request.log.info(fields, 'request completed');
  }
}

/** The HTTP application: infrastructure plugins, then the feature routes. Nothing else. */
export async function buildApp(ctx: AppContext): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: ctx.log as FastifyBaseLogger,
    genReqId: () => randomUUID(),
    logController: new RequestLogController({ requestIdLogLabel: 'reqId' }),
    bodyLimit: ctx.config.BODY_LIMIT_BYTES,
    trustProxy: ctx.config.TRUST_PROXY,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    frameworkErrors: answerFrameworkError,
  });
  app.decorate('ctx', ctx);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(
    responseSerializerCompiler({ mode: ctx.config.RESPONSE_SERIALIZER, log: ctx.log as FastifyBaseLogger }),
  );
  // JSON only: a text body is a wrong media type (415), not a string to validate.
  app.removeContentTypeParser('text/plain');
  await app.register(jsonBody);
  await app.register(refuseNullCharacters);
  await app.register(conditionalGet);

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(errorHandler);
  await registerSecurity(app, ctx.config);
  await registerUploads(app, ctx.config);
  await registerDocs(app);
  await app.register(auth, { resolveViewer: (token) => viewerForToken(ctx, token) });

  // The web app at `/` unless WEB_DIR=off; its images come from wherever the storage signs URLs for.
  const webApp = ctx.config.WEB_DIR
    ? await openWebApp({
        root: ctx.config.WEB_DIR,
        sampleMediaUrl: () => ctx.storage.signedUrl('web-app/policy-probe', { ttlS: 60 }),
        log: ctx.log,
      })
    : null;

  await app.register(healthRoutes);
  await app.register(accountRoutes);
  await app.register(sessionCookieRoutes);
  await app.register(adminRoutes);
  await app.register(eventRoutes);
  await app.register(invitePageRoutes, { appShell: webApp?.sendShell });
  await app.register(photoRoutes);
  await app.register(engagementRoutes);
  await app.register(notificationRoutes);
  await app.register(sharingRoutes);
  await app.register(sharePageRoutes);
  await app.register(searchRoutes);
  await app.register(mlRoutes);
  await app.register(realtimeRoutes);
  // The disk driver's files, and on either driver the images share links hand out, checked per request.
  await app.register(mediaRoutes, { storage: ctx.storage, linkIsLive: (id) => shareLinkIsLive(ctx, id) });
  if (webApp) await app.register(webApp.routes);
  return app;
}
