import { randomBytes, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { TEST_REDIS_URL } from '../../test/engines.js';
import { createBullmqQueue } from './bullmq.js';
import { createMemoryQueue } from './memory.js';
import { type JobQueue, PermanentJobError } from './queue.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `condition` holds, failing the test if it has not by the deadline. */
async function until(condition: () => boolean, what: string, deadlineMs = 5000) {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > deadlineMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

/** A logger that keeps its lines, so tests can see what the queue reported without printing it. */
function recordingLog() {
  const lines: Array<{ level: number; msg: string }> = [];
  const log = pino({ level: 'warn' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { log, lines };
}

type Log = ReturnType<typeof recordingLog>['log'];

/** The same behaviour from both drivers: in-process for one node, BullMQ on Redis for many. */
function queueContract(make: (log: Log) => JobQueue) {
  const open: JobQueue[] = [];
  const newQueue = (log: Log = recordingLog().log) => {
    const queue = make(log);
    open.push(queue);
    return queue;
  };
  afterEach(async () => {
    await Promise.all(open.splice(0).map((queue) => queue.close()));
  });

  it('runs a job with its data', async () => {
    const queue = newQueue();
    const seen: unknown[] = [];
    queue.work('process-photo', async (data, attempt) => void seen.push({ data, attempt }), {
      concurrency: 1,
      maxAttempts: 3,
    });
    await queue.enqueue('process-photo', { photoId: 'p1' });
    await queue.idle();
    expect(seen).toEqual([{ data: { photoId: 'p1' }, attempt: 1 }]);
  });

  it('never runs more jobs at once than the concurrency', async () => {
    const queue = newQueue();
    let running = 0;
    let started = 0;
    let most = 0;
    queue.work(
      'process-photo',
      async () => {
        running += 1;
        started += 1;
        most = Math.max(most, running);
        // Hold each job until a second one runs beside it (or none is left to), so a limit of 2
        // shows as exactly 2 and a broken limit shows as more.
        await until(() => running >= 2 || started === 6, 'a second job', 1000).catch(() => {});
        await sleep(5);
        running -= 1;
      },
      { concurrency: 2, maxAttempts: 1 },
    );
    for (let i = 0; i < 6; i++) await queue.enqueue('process-photo', { photoId: `p${i}` });
    await queue.idle();
    expect(started).toBe(6);
    expect(most).toBe(2);
  });

  it('retries a throwing handler with the attempt number until it succeeds', async () => {
    const queue = newQueue();
    const attempts: number[] = [];
    const failures: Error[] = [];
    queue.work(
      'process-photo',
      async (_data, attempt) => {
        attempts.push(attempt);
        if (attempt < 3) throw new Error(`flaky ${attempt}`);
      },
      { concurrency: 1, maxAttempts: 5, onFailed: async (_data, error) => void failures.push(error) },
    );
    await queue.enqueue('process-photo', { photoId: 'p1' });
    await queue.idle();
    expect(attempts).toEqual([1, 2, 3]);
    expect(failures).toEqual([]);
  });

  it('gives up after maxAttempts and reports the failure once', async () => {
    const queue = newQueue();
    const attempts: number[] = [];
    const failures: Array<{ data: unknown; message: string }> = [];
    queue.work(
      'process-photo',
      async (_data, attempt) => {
        attempts.push(attempt);
        throw new Error(`broken ${attempt}`);
      },
      {
        concurrency: 1,
        maxAttempts: 3,
        onFailed: async (data, error) => void failures.push({ data, message: error.message }),
      },
    );
    await queue.enqueue('process-photo', { photoId: 'p1' });
    await queue.idle();
    expect(attempts).toEqual([1, 2, 3]);
    expect(failures).toEqual([{ data: { photoId: 'p1' }, message: 'broken 3' }]);
  });

  it('does not retry a PermanentJobError', async () => {
    const queue = newQueue();
    const attempts: number[] = [];
    const failures: Error[] = [];
    queue.work(
      'process-photo',
      async (_data, attempt) => {
        attempts.push(attempt);
        throw new PermanentJobError('not an image');
      },
      { concurrency: 1, maxAttempts: 5, onFailed: async (_data, error) => void failures.push(error) },
    );
    await queue.enqueue('process-photo', { photoId: 'p1' });
    await queue.idle();
    expect(attempts).toEqual([1]);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toBeInstanceOf(PermanentJobError);
    expect(failures[0]?.message).toBe('not an image');
  });

  it('logs a failure hook that throws instead of crashing', async () => {
    const { log, lines } = recordingLog();
    const queue = newQueue(log);
    queue.work(
      'process-photo',
      async () => {
        throw new PermanentJobError('not an image');
      },
      {
        concurrency: 1,
        maxAttempts: 1,
        onFailed: async () => {
          throw new Error('database down');
        },
      },
    );
    await queue.enqueue('process-photo', { photoId: 'p1' });
    await queue.idle();
    expect(lines.map((line) => line.msg)).toContain('job failure hook threw');
  });

  it('runs a job id queued twice while pending once, and again once it has finished', async () => {
    const queue = newQueue();
    const seen: string[] = [];
    const photoId = randomUUID();
    // A UUID is used as BullMQ's job id as is; other ids (with ':', which BullMQ refuses) are encoded.
    for (const jobId of [photoId, photoId, `photo:${photoId}`, `photo:${photoId}`]) {
      await queue.enqueue('process-photo', { photoId: jobId }, { jobId });
    }
    queue.work(
      'process-photo',
      async ({ photoId: id }) => {
        seen.push(id);
        throw new PermanentJobError('fails so BullMQ keeps the failed job');
      },
      { concurrency: 1, maxAttempts: 1 },
    );
    await queue.idle();
    expect(seen.sort()).toEqual([photoId, `photo:${photoId}`]);

    await queue.enqueue('process-photo', { photoId }, { jobId: photoId });
    await queue.idle();
    expect(seen).toHaveLength(3);
  });

  it('holds jobs queued before work() until a handler is registered', async () => {
    const queue = newQueue();
    const seen: string[] = [];
    await queue.enqueue('process-photo', { photoId: 'early-1' });
    await queue.enqueue('process-photo', { photoId: 'early-2' });
    await sleep(20);
    queue.work('process-photo', async ({ photoId }) => void seen.push(photoId), {
      concurrency: 1,
      maxAttempts: 1,
    });
    await queue.idle();
    expect(seen.sort()).toEqual(['early-1', 'early-2']);
  });

  it('lets a running job finish before close() resolves', async () => {
    const queue = newQueue();
    const events: string[] = [];
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    queue.work(
      'process-photo',
      async () => {
        events.push('started');
        await gate;
        events.push('finished');
      },
      { concurrency: 1, maxAttempts: 1 },
    );
    await queue.enqueue('process-photo', { photoId: 'p1' });
    await until(() => events.includes('started'), 'the job to start');
    const closing = queue.close().then(() => events.push('closed'));
    await sleep(50);
    release();
    await closing;
    expect(events).toEqual(['started', 'finished', 'closed']);
  });
}

describe('memory job queue', () => {
  queueContract((log) => createMemoryQueue({ baseBackoffMs: 10, log }));

  it('never runs a handler inside enqueue', async () => {
    const queue = createMemoryQueue({ log: recordingLog().log });
    const ran: string[] = [];
    queue.work('process-photo', async ({ photoId }) => void ran.push(photoId), {
      concurrency: 1,
      maxAttempts: 1,
    });
    await queue.enqueue('process-photo', { photoId: 'p1' });
    expect(ran).toEqual([]);
    await queue.idle();
    expect(ran).toEqual(['p1']);
    await queue.close();
  });
});

const onRedis = TEST_REDIS_URL ? describe : describe.skip;
onRedis(`BullMQ job queue${TEST_REDIS_URL ? '' : ' (skipped: PIXELI_TEST_REDIS_URL not set)'}`, () => {
  const run = `pixeli-test-${randomBytes(4).toString('hex')}`;
  let tests = 0;
  // Each test gets its own prefix, so a job one test leaves behind never reaches the next one's worker.
  const nextPrefix = () => `${run}-${++tests}:q`;
  const make = (prefix: string, log: Log) =>
    createBullmqQueue({ redisUrl: TEST_REDIS_URL!, prefix, log, backoffDelayMs: 10 });

  afterAll(async () => {
    const redis = new Redis(TEST_REDIS_URL!);
    const keys = await redis.keys(`${run}-*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  queueContract((log) => make(nextPrefix(), log));

  it('shares the work between nodes: jobs queued on A run on B', async () => {
    const prefix = nextPrefix();
    const nodeA = make(prefix, recordingLog().log);
    const nodeB = make(prefix, recordingLog().log);
    const seenOnB: string[] = [];
    nodeB.work('process-photo', async ({ photoId }) => void seenOnB.push(photoId), {
      concurrency: 2,
      maxAttempts: 1,
    });
    for (const photoId of ['a1', 'a2', 'a3']) await nodeA.enqueue('process-photo', { photoId });
    await nodeA.idle();
    expect(seenOnB.sort()).toEqual(['a1', 'a2', 'a3']);
    await Promise.all([nodeA.close(), nodeB.close()]);
  });

  it('closes, without crashing, when Redis cannot be reached', async () => {
    const { log, lines } = recordingLog();
    // Port 1: nothing listens there, so every connection attempt is refused.
    const queue = createBullmqQueue({
      redisUrl: 'redis://127.0.0.1:1',
      prefix: nextPrefix(),
      log,
      closeGraceMs: 200,
    });
    queue.work('process-photo', async () => {}, { concurrency: 1, maxAttempts: 1 });
    await sleep(300);
    await queue.close();
    expect(lines.some((line) => line.msg.includes('redis error'))).toBe(true);
  });
});
