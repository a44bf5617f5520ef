import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';

/**
 * One orderly stop on SIGINT or SIGTERM, however many of them arrive (`npm start` under Ctrl-C
 * delivers both; two stops at once closed the database under running requests). In order:
 * the server stops accepting and answers 503 on kept-alive connections (Fastify's
 * `return503OnClosing`), sockets are closed as "going away", in-flight requests finish (bounded
 * by SHUTDOWN_TIMEOUT_S, then their connections are closed), running photo jobs finish (photos
 * not started stay pending and are queued again on the next start), pushes of what committed go
 * out, and only then the queue, bus and database close.
 */
export function stopGracefully(ctx: AppContext, app?: FastifyInstance) {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      ctx.log.info({ signal }, 'already shutting down');
      return;
    }
    stopping = true;
    ctx.log.info({ signal }, 'shutting down');
    void (async () => {
      if (app) await closeWithin(app, ctx.config.SHUTDOWN_TIMEOUT_S * 1000, ctx);
      await ctx.close();
    })().then(
      () => process.exit(0),
      (error: unknown) => {
        ctx.log.error({ err: error }, 'could not shut down cleanly');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/**
 * Closes the HTTP server; requests still running after `ms` lose their connections. A request
 * that was running when the stop began leaves its kept-alive connection idle when it ends, and
 * nothing would close that until the keep-alive timeout: idle connections are swept as they appear.
 */
async function closeWithin(app: FastifyInstance, ms: number, ctx: AppContext) {
  const sweep = setInterval(() => app.server.closeIdleConnections(), 100);
  const deadline = setTimeout(() => {
    ctx.log.warn({ after_s: ms / 1000 }, 'requests still running at the shutdown deadline: closing them');
    app.server.closeAllConnections();
  }, ms);
  try {
    await app.close();
  } finally {
    clearInterval(sweep);
    clearTimeout(deadline);
  }
}
