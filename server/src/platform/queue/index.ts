import type { Config } from '../../config.js';
import { createMemoryQueue, type QueueLog } from './memory.js';
import type { JobQueue } from './queue.js';

/** BullMQ when Redis is configured (many nodes share the work), the in-process queue otherwise. */
export async function createQueue(
  config: Pick<Config, 'REDIS_URL' | 'REDIS_PREFIX' | 'JOB_STALL_TIMEOUT_S'>,
  log: QueueLog,
): Promise<JobQueue> {
  if (config.REDIS_URL) {
    // Imported only when used: BullMQ and ioredis are ~15 MB resident.
    const { createBullmqQueue } = await import('./bullmq.js');
    return createBullmqQueue({
      redisUrl: config.REDIS_URL,
      prefix: `${config.REDIS_PREFIX}q`,
      log,
      stallTimeoutMs: config.JOB_STALL_TIMEOUT_S * 1000,
    });
  }
  return createMemoryQueue({ log });
}
