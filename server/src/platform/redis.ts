import { Redis } from 'ioredis';

/** One shared command connection; it reconnects on its own and never crashes the process. */
export function connectRedis(url: string): Redis {
  const redis = new Redis(url, {
    lazyConnect: false,
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
  });
  redis.on('error', () => {
    // ioredis retries by itself; health checks and failing commands report the outage.
  });
  return redis;
}

export async function pingRedis(redis: Redis): Promise<boolean> {
  try {
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  }
}
