import websocket from '@fastify/websocket';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { notSignedIn } from '../../errors.js';
import { viewerFromToken } from '../../http/auth.js';
import { verifyAccessToken } from '../accounts/service.js';
import { type SocketFormat, type SocketSession, serveSocket } from './service.js';

declare module 'fastify' {
  interface FastifyRequest {
    socketSession?: SocketSession;
  }
}

/** The token: `?token=` (as the original client sends it) or the `bearer, <token>` subprotocol pair. */
function socketToken(request: FastifyRequest): string | undefined {
  const fromQuery = (request.query as { token?: unknown }).token;
  if (typeof fromQuery === 'string' && fromQuery) return fromQuery;
  const protocols = String(request.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((p) => p.trim());
  const at = protocols.indexOf('bearer');
  return at >= 0 ? protocols[at + 1] : undefined;
}

export async function realtimeRoutes(fastify: FastifyInstance) {
  const { ctx } = fastify;
  await fastify.register(websocket, {
    // On shutdown every socket hears 1001 "going away", so clients reconnect to another node.
    preClose(done) {
      for (const client of fastify.websocketServer.clients) client.close(1001, 'server shutting down');
      fastify.websocketServer.close(() => done());
    },
    options: {
      maxPayload: 4096,
      // Echo the `bearer` subprotocol so browsers accept the handshake.
      handleProtocols: (protocols: Set<string>) => (protocols.has('bearer') ? 'bearer' : false),
    },
  });

  /**
   * Ours at `/api/ws/notifications/` (typed messages), and the original's at `/ws/notifications/`
   * (its Flutter client keeps only the scheme, host and port of its setting): bare notifications.
   */
  const paths: [string, SocketFormat][] = [
    ['/api/ws/notifications/', 'pixeli'],
    ['/ws/notifications/', 'original'],
  ];
  for (const [path, format] of paths) {
    fastify.get(
      path,
      {
        websocket: true,
        schema: { hide: true },
        // A bad token is refused at the handshake (401), before any socket exists.
        preValidation: async (request) => {
          const token = socketToken(request);
          if (!token) throw notSignedIn();
          const viewer = await viewerFromToken(request, token);
          const claims = (await verifyAccessToken(ctx.secret, token, ctx.clock.now()))!;
          request.socketSession = {
            viewer: { id: viewer.id, role: viewer.role },
            sessionId: viewer.sessionId,
            tokenExpiresAt: claims.expiresAt,
          };
        },
      },
      (socket, request) => {
        void serveSocket(ctx, socket, request.socketSession!, format).catch((error) => {
          ctx.log.warn({ err: error }, 'notification socket failed');
          socket.close(1011, 'server error');
        });
      },
    );
  }
}
