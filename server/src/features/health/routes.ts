import { HealthReply } from '@pixeli/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { pingRedis } from '../../platform/redis.js';
import { PIXELI_VERSION } from '../../version.js';

export async function healthRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = fastify;

  app.get('/api/health/', {
    schema: {
      tags: ['health'],
      summary: 'Liveness of the server and the services it depends on',
      response: { 200: HealthReply, 503: HealthReply },
    },
    handler: async (_req, reply) => {
      const [dbUp, redisUp] = await Promise.all([
        ctx.database.ping(),
        ctx.redis ? pingRedis(ctx.redis) : Promise.resolve(null),
      ]);
      const redis = redisUp === null ? 'disabled' : redisUp ? 'ok' : 'down';
      const healthy = dbUp && redis !== 'down';
      return reply.code(healthy ? 200 : 503).send({
        status: healthy ? 'ok' : 'degraded',
        db: dbUp ? 'ok' : 'down',
        redis,
        version: PIXELI_VERSION,
      });
    },
  });
}
