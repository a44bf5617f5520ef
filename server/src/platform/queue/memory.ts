import pino, { type Logger } from 'pino';
import {
  type JobHandler,
  type JobName,
  type JobPayloads,
  type JobQueue,
  PermanentJobError,
} from './queue.js';

export type QueueLog = Pick<Logger, 'warn' | 'error'>;

export interface MemoryQueueOptions {
  /** Delay before the first retry; each later retry waits twice as long. */
  baseBackoffMs?: number;
  log?: QueueLog;
}

interface QueuedJob {
  name: JobName;
  data: JobPayloads[JobName];
  key: string | null;
  attempt: number;
}

interface Consumer {
  handler: JobHandler<JobName>;
  concurrency: number;
  maxAttempts: number;
  onFailed?: (data: JobPayloads[JobName], error: Error) => Promise<void>;
  running: number;
}

/** Retries wait up to 10% less than the exponential step, so failed jobs do not retry in lockstep. */
const BACKOFF_JITTER = 0.1;

/**
 * Jobs in this process only: right for one node (`npm start`), lost on restart. That is acceptable
 * because the database row stays pending and stale pending work is queued again on start.
 */
export function createMemoryQueue({ baseBackoffMs = 500, log = pino() }: MemoryQueueOptions = {}): JobQueue {
  const waiting = new Map<JobName, QueuedJob[]>();
  const consumers = new Map<JobName, Consumer>();
  /** Job ids queued, running or waiting for a retry: a second enqueue of one of them is dropped. */
  const activeKeys = new Set<string>();
  const retryTimers = new Set<NodeJS.Timeout>();
  const running = new Set<Promise<void>>();
  let idleWaiters: Array<() => void> = [];
  let closed = false;

  const queuedCount = () => [...waiting.values()].reduce((sum, jobs) => sum + jobs.length, 0);
  const isIdle = () => running.size === 0 && (closed || (retryTimers.size === 0 && queuedCount() === 0));

  function settleIdleWaiters() {
    if (!isIdle()) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  function schedulePump(name: JobName) {
    // Handlers never run inside enqueue's call stack: callers finish their own work first.
    setImmediate(() => pump(name));
  }

  function pump(name: JobName) {
    const consumer = consumers.get(name);
    const jobs = waiting.get(name);
    while (!closed && consumer && jobs && jobs.length > 0 && consumer.running < consumer.concurrency) {
      const job = jobs.shift()!;
      consumer.running += 1;
      const run = runJob(consumer, job).finally(() => {
        consumer.running -= 1;
        running.delete(run);
        pump(name);
        settleIdleWaiters();
      });
      running.add(run);
    }
  }

  async function runJob(consumer: Consumer, job: QueuedJob) {
    try {
      await consumer.handler(job.data, job.attempt);
      release(job);
    } catch (thrown) {
      const error = thrown instanceof Error ? thrown : new Error(String(thrown));
      const final = error instanceof PermanentJobError || job.attempt >= consumer.maxAttempts;
      if (!final && !closed) {
        log.warn({ err: error, job: job.name, attempt: job.attempt }, 'job failed, will retry');
        scheduleRetry(job);
        return;
      }
      release(job);
      if (!final) return; // closing: the job is dropped, its row stays pending for the next start
      log.error({ err: error, job: job.name, attempt: job.attempt }, 'job failed for good');
      try {
        await consumer.onFailed?.(job.data, error);
      } catch (hookError) {
        log.error({ err: hookError, job: job.name }, 'job failure hook threw');
      }
    }
  }

  function scheduleRetry(job: QueuedJob) {
    const step = baseBackoffMs * 2 ** (job.attempt - 1);
    const delay = Math.floor(step * (1 - BACKOFF_JITTER * Math.random()));
    const timer = setTimeout(() => {
      retryTimers.delete(timer);
      enqueueJob({ ...job, attempt: job.attempt + 1 });
    }, delay);
    retryTimers.add(timer);
  }

  function enqueueJob(job: QueuedJob) {
    const jobs = waiting.get(job.name) ?? [];
    waiting.set(job.name, jobs);
    jobs.push(job);
    schedulePump(job.name);
  }

  function release(job: QueuedJob) {
    if (job.key) activeKeys.delete(job.key);
  }

  return {
    kind: 'memory',

    async enqueue(name, data, options) {
      if (closed) throw new Error('job queue is closed');
      const key = options?.jobId ? `${name}\u0000${options.jobId}` : null;
      if (key) {
        if (activeKeys.has(key)) return;
        activeKeys.add(key);
      }
      enqueueJob({ name, data, key, attempt: 1 });
    },

    work(name, handler, { concurrency, maxAttempts, onFailed }) {
      if (consumers.has(name)) throw new Error(`a worker for '${name}' is already registered`);
      consumers.set(name, {
        handler: handler as JobHandler<JobName>,
        concurrency: Math.max(1, concurrency),
        maxAttempts: Math.max(1, maxAttempts),
        onFailed: onFailed as Consumer['onFailed'],
        running: 0,
      });
      schedulePump(name);
    },

    idle() {
      if (isIdle()) return Promise.resolve();
      return new Promise<void>((resolve) => idleWaiters.push(resolve));
    },

    async close() {
      closed = true;
      // Jobs not yet started are dropped: their rows stay pending and are queued again on the next start.
      for (const timer of retryTimers) clearTimeout(timer);
      retryTimers.clear();
      waiting.clear();
      activeKeys.clear();
      await Promise.allSettled([...running]);
      settleIdleWaiters();
    },
  };
}
