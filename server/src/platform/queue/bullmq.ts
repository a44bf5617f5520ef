import { type Job, Queue, UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import pino from 'pino';
import type { QueueLog } from './memory.js';
import { type JobName, type JobPayloads, type JobQueue, PermanentJobError } from './queue.js';

export interface BullmqQueueOptions {
  redisUrl: string;
  /** Key namespace, e.g. `pixeli:q`; nodes sharing a prefix share the work. */
  prefix: string;
  log?: QueueLog;
  /** First retry delay; each later retry waits twice as long. Tests shorten it. */
  backoffDelayMs?: number;
  /** How long close() waits for BullMQ's own shutdown once this node's jobs have finished. */
  closeGraceMs?: number;
  /**
   * A running job's lock lasts this long and is renewed every half of it; every worker looks for
   * jobs whose lock has lapsed (their worker died) this often and queues them again. So a job
   * interrupted by a crash runs again within about twice this. Also the longest a job's worker may
   * go without renewing the lock (a blocked event loop) before the job is taken from it.
   */
  stallTimeoutMs?: number;
}

/**
 * `attempts` is a per-job setting in BullMQ, but the node that enqueues (an API node) does not know
 * the worker's `maxAttempts`. Jobs are queued with this ceiling and the worker gives up itself, at
 * its own `maxAttempts`, by throwing `GaveUp`.
 */
const ENQUEUE_ATTEMPTS_CEILING = 1000;
/** Failed jobs kept in Redis for inspection; completed ones are removed at once. */
const KEEP_FAILED_JOBS = 1000;
const IDLE_POLL_MS = 50;
/** Redis errors repeat on every reconnect attempt; one line per source per period is enough. */
const ERROR_LOG_PERIOD_MS = 30_000;

/** The final failure, unrecoverable for BullMQ, carrying the handler's own error for `onFailed`. */
class GaveUp extends UnrecoverableError {
  constructor(readonly original: Error) {
    super(original.message);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * BullMQ refuses custom ids with ':' or that parse as integers. UUIDs (photo ids) pass unchanged, so
 * jobs stay easy to find; anything else is encoded reversibly so two different ids never collide.
 */
export function bullmqJobId(id: string): string {
  return UUID.test(id) ? id : `id-${Buffer.from(id).toString('base64url')}`;
}

function errorReporter(log: QueueLog, source: string) {
  let lastLoggedAt = 0;
  let suppressed = 0;
  return (error: Error) => {
    const now = Date.now();
    if (now - lastLoggedAt < ERROR_LOG_PERIOD_MS) {
      suppressed += 1;
      return;
    }
    log.warn({ err: error, source, suppressed }, 'job queue: redis error (it reconnects by itself)');
    lastLoggedAt = now;
    suppressed = 0;
  };
}

const settlesWithin = (promise: Promise<unknown>, ms: number) =>
  new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    const settled = () => {
      clearTimeout(timer);
      resolve(true);
    };
    promise.then(settled, settled);
  });

/** Jobs in Redis, shared by every node (API nodes and `pixeli worker` processes) with the same prefix. */
export function createBullmqQueue({
  redisUrl,
  prefix,
  log = pino(),
  backoffDelayMs = 500,
  closeGraceMs = 5000,
  stallTimeoutMs = 30_000,
}: BullmqQueueOptions): JobQueue {
  // One connection for every producer Queue; each Worker opens its own pair (command + blocking).
  const producer = new Redis(redisUrl, { maxRetriesPerRequest: null });
  producer.on('error', errorReporter(log, 'producer'));
  const workerConnection = { url: redisUrl, maxRetriesPerRequest: null };

  const queues = new Map<JobName, Queue>();
  const workers = new Map<JobName, Worker>();
  /** Handlers running in this process, and `onFailed` hooks: close() and idle() wait for them. */
  const runningHandlers = new Set<Promise<void>>();
  const failureHooks = new Set<Promise<void>>();
  let closed = false;

  function queueFor(name: JobName): Queue {
    let queue = queues.get(name);
    if (!queue) {
      queue = new Queue(name, {
        connection: producer,
        prefix,
        defaultJobOptions: {
          attempts: ENQUEUE_ATTEMPTS_CEILING,
          backoff: { type: 'exponential', delay: backoffDelayMs, jitter: 0.1 },
          removeOnComplete: true,
          removeOnFail: KEEP_FAILED_JOBS,
        },
      });
      queue.on('error', errorReporter(log, `queue ${name}`));
      queues.set(name, queue);
    }
    return queue;
  }

  async function pendingCount(): Promise<number> {
    const counts = await Promise.all(
      [...queues.values()].map((queue) =>
        queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children'),
      ),
    );
    return counts.reduce((sum, byState) => sum + Object.values(byState).reduce((a, b) => a + b, 0), 0);
  }

  return {
    kind: 'bullmq',

    async enqueue(name, data, options) {
      if (closed) throw new Error('job queue is closed');
      const queue = queueFor(name);
      const jobId = options?.jobId ? bullmqJobId(options.jobId) : undefined;
      if (jobId) {
        // A kept failed job would make BullMQ ignore the new one: the id dedupes pending work only.
        const state = await queue.getJobState(jobId);
        if (state === 'failed' || state === 'completed') await queue.remove(jobId);
      }
      await queue.add(name, data, { jobId });
    },

    work(name, handler, { concurrency, maxAttempts, onFailed }) {
      if (workers.has(name)) throw new Error(`a worker for '${name}' is already registered`);
      queueFor(name); // so idle() also watches jobs that other nodes enqueue
      const worker = new Worker(
        name,
        async (job: Job<JobPayloads[typeof name]>) => {
          const attempt = job.attemptsMade + 1;
          const running = (async () => handler(job.data, attempt))();
          runningHandlers.add(running);
          try {
            await running;
          } catch (thrown) {
            const error = thrown instanceof Error ? thrown : new Error(String(thrown));
            if (error instanceof PermanentJobError || attempt >= maxAttempts) throw new GaveUp(error);
            log.warn({ err: error, job: name, attempt }, 'job failed, will retry');
            throw error;
          } finally {
            runningHandlers.delete(running);
          }
        },
        {
          connection: workerConnection,
          prefix,
          concurrency: Math.max(1, concurrency),
          lockDuration: stallTimeoutMs,
          stalledInterval: stallTimeoutMs,
        },
      );
      worker.on('error', errorReporter(log, `worker ${name}`));
      worker.on('failed', (job, error) => {
        const final =
          error instanceof UnrecoverableError ||
          error.name === 'UnrecoverableError' ||
          (job !== undefined && job.attemptsMade >= (job.opts.attempts ?? 1));
        if (!job || !final) return;
        const original = error instanceof GaveUp ? error.original : error;
        log.error({ err: original, job: name, attempt: job.attemptsMade }, 'job failed for good');
        if (!onFailed) return;
        const hook = onFailed(job.data, original)
          .catch((hookError) => log.error({ err: hookError, job: name }, 'job failure hook threw'))
          .finally(() => failureHooks.delete(hook));
        failureHooks.add(hook);
      });
      workers.set(name, worker);
    },

    async idle() {
      // A job leaves Redis's counts just before its worker hears about the failure, so zero must be
      // seen twice, with no failure hook running, before the queue counts as idle.
      for (let quietPolls = 0; ; ) {
        const busy = failureHooks.size > 0 || (await pendingCount()) > 0;
        quietPolls = busy ? 0 : quietPolls + 1;
        if (quietPolls === 2) return;
        await Promise.allSettled([...failureHooks]);
        await new Promise((resolve) => setTimeout(resolve, IDLE_POLL_MS));
      }
    },

    async close() {
      closed = true;
      // Workers first: a graceful close stops fetching and lets running jobs finish and be recorded.
      // With Redis down that close would wait forever for a connection, so the workers are cut off
      // instead; a job they could not record stays active and the stalled-job check retries it.
      const redisDown = producer.status !== 'ready';
      const closingWorkers = Promise.allSettled(
        [...workers.values()].map((worker) => worker.close(redisDown)),
      );
      await Promise.allSettled([...runningHandlers]);
      if (!(await settlesWithin(closingWorkers, closeGraceMs))) {
        log.warn({ graceMs: closeGraceMs }, 'job workers did not close in time; is Redis reachable?');
      }
      await Promise.allSettled([...failureHooks]);
      await settlesWithin(
        Promise.allSettled([...queues.values()].map((queue) => queue.close())),
        closeGraceMs,
      );
      await settlesWithin(
        producer.quit().catch(() => {}),
        closeGraceMs,
      );
      // quit() cannot reach a Redis that is down and leaves the client reconnecting: stop it outright.
      if (producer.status !== 'end') producer.disconnect();
    },
  };
}
