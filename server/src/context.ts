import path from 'node:path';
import type { Redis } from 'ioredis';
import pino, { type Logger } from 'pino';
import type { Config } from './config.js';
import { type Database, openDatabase, type Tx } from './db/client.js';
import type { Changes, Fact } from './facts.js';
import type { MessageBus } from './platform/bus/bus.js';
import { createMemoryBus } from './platform/bus/memory.js';
import type { Mailer } from './platform/mail/mailer.js';
import { createOutboxMailer } from './platform/mail/outbox.js';
import { createQueue } from './platform/queue/index.js';
import type { JobQueue } from './platform/queue/queue.js';
import type { RateLimiter } from './platform/ratelimit/limiter.js';
import { createMemoryRateLimiter } from './platform/ratelimit/memory.js';
import { loadOrCreateSecret } from './platform/secrets.js';
import { createStorage } from './platform/storage/index.js';
import type { ObjectStorage } from './platform/storage/storage.js';

/** The time source; tests swap it to step past expiries without sleeping. */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

/** Records a fact in the running transaction; its reactions run at once, in the same transaction. */
export type RecordFact = (fact: Fact) => Promise<void>;

/**
 * The side-effect table (`side-effects.ts`), handed to the context by whoever composes the process:
 * the context cannot import the features that implement it.
 */
export interface SideEffects {
  /** Inside the transaction, for each fact as it is recorded: what must commit with it. */
  react(ctx: AppContext, tx: Tx, fact: Fact, changes: Changes): Promise<void>;
  /** After the commit, never after a rollback: who must hear of it. */
  committed(ctx: AppContext, changes: Changes): Promise<void>;
}

/** Everything a feature needs from the outside world, built once per process. */
export interface AppContext {
  config: Config;
  log: Logger;
  database: Database;
  redis: Redis | null;
  mailer: Mailer;
  limiter: RateLimiter;
  bus: MessageBus;
  /** Background jobs; features register their workers on it. */
  queue: JobQueue;
  /** Media files: `DATA_DIR/media` (served at `/media/*`) or an S3 bucket. */
  storage: ObjectStorage;
  clock: Clock;
  /** Signs tokens and keys one-time-code hashes. */
  secret: string;
  /**
   * Every write runs in one of these. Services `record` facts in it; the side-effect table writes
   * their notifications in the same transaction and, once it has committed, tells the sockets.
   */
  transaction<T>(work: (tx: Tx, record: RecordFact) => Promise<T>): Promise<T>;
  /**
   * The face embedding of a selfie (find-me), or null when it shows no usable face; undefined
   * where no face model runs. The bytes are only ever held in memory.
   */
  embedSelfie?: EmbedSelfie;
  /**
   * Runs `close` when the context closes, after the queue has stopped and before the drivers go:
   * for what a feature starts on first use (the face models' analyser process).
   */
  onClose(close: () => Promise<void>): void;
  close(): Promise<void>;
}

export type EmbedSelfie = (image: Buffer) => Promise<Float32Array | null>;

export interface ContextOverrides {
  log?: Logger;
  database?: Database;
  mailer?: Mailer;
  limiter?: RateLimiter;
  queue?: JobQueue;
  storage?: ObjectStorage;
  clock?: Clock;
  embedSelfie?: EmbedSelfie;
}

export function createLogger(config: Config): Logger {
  return pino({
    level: config.LOG_LEVEL,
    // Credentials never reach a log line, whatever a future log call passes in.
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'req.headers["sec-websocket-protocol"]',
        '*.password',
        '*.new_password',
        '*.current_password',
        '*.otp',
        '*.refresh',
        '*.access',
      ],
      censor: '[redacted]',
    },
  });
}

export async function createContext(
  config: Config,
  effects: SideEffects,
  overrides: ContextOverrides = {},
): Promise<AppContext> {
  const log = overrides.log ?? createLogger(config);
  const secret = await loadOrCreateSecret(config.DATA_DIR, config.JWT_SECRET);
  const database =
    overrides.database ??
    (await openDatabase(
      config.DATABASE_URL
        ? { url: config.DATABASE_URL, prepare: config.DATABASE_PREPARED_STATEMENTS }
        : { dataDir: path.join(config.DATA_DIR, 'db'), prepare: config.DATABASE_PREPARED_STATEMENTS },
    ));
  // Scale-out drivers are imported only when configured: ioredis, BullMQ, nodemailer and the AWS
  // SDK together hold ~28 MB that a single embedded process never needs.
  const redis = config.REDIS_URL
    ? await (await import('./platform/redis.js')).connectRedis(config.REDIS_URL)
    : null;
  const limiter =
    overrides.limiter ??
    (redis
      ? (await import('./platform/ratelimit/redis.js')).createRedisRateLimiter(
          redis,
          `${config.REDIS_PREFIX}rl:`,
        )
      : createMemoryRateLimiter());
  const bus =
    redis && config.REDIS_URL
      ? (await import('./platform/bus/redis.js')).createRedisBus(
          config.REDIS_URL,
          redis,
          `${config.REDIS_PREFIX}bus:`,
        )
      : createMemoryBus();
  const mailer =
    overrides.mailer ??
    (config.SMTP_URL
      ? (await import('./platform/mail/smtp.js')).createSmtpMailer(config.SMTP_URL, config.MAIL_FROM)
      : createOutboxMailer(path.join(config.DATA_DIR, 'outbox'), config.MAIL_FROM, log));
  const queue = overrides.queue ?? (await createQueue(config, log));
  const clock = overrides.clock ?? systemClock;
  const storage = overrides.storage ?? (await createStorage(config, secret, clock));
  const closers: (() => Promise<void>)[] = [];

  // Pushes of what has committed, still on their way: closing waits for them.
  const announcing = new Set<Promise<void>>();
  const ctx: AppContext = {
    config,
    log,
    database,
    redis,
    mailer,
    limiter,
    bus,
    queue,
    storage,
    clock,
    secret,
    embedSelfie: overrides.embedSelfie,
    onClose(close) {
      closers.push(close);
    },
    async transaction(work) {
      const changes: Changes = { facts: [], notifications: new Map() };
      const result = await database.db.transaction((tx) =>
        work(tx, async (fact) => {
          changes.facts.push(fact);
          await effects.react(ctx, tx, fact, changes);
        }),
      );
      if (changes.facts.length > 0) {
        // The answer does not wait for the sockets; a failed push is logged, the write stands.
        const announced = effects.committed(ctx, changes).catch((error) => {
          log.warn({ err: error, facts: changes.facts.map((f) => f.type) }, 'could not announce a commit');
        });
        announcing.add(announced);
        void announced.finally(() => announcing.delete(announced));
      }
      return result;
    },
    async close() {
      // Running jobs finish before the database and mail they use go away.
      await queue.close();
      await Promise.allSettled(closers.map((close) => close()));
      // What running jobs and requests committed is announced before the bus and database go.
      await Promise.allSettled([...announcing]);
      await mailer.close();
      await storage.close();
      await bus.close();
      await limiter.close();
      if (redis) await redis.quit().catch(() => redis.disconnect());
      await database.close();
    },
  };
  return ctx;
}
