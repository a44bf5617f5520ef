import type { Redis } from 'ioredis';

/**
 * One shared command connection; it reconnects on its own and never crashes the process. ioredis
 * is imported here, on first use, so a process without Redis never loads it.
 */
export async function connectRedis(url: string): Promise<Redis> {
  const { Redis } = await import('ioredis');
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
