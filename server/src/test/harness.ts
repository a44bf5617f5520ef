import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, inject } from 'vitest';
import { buildApp } from '../app.js';
import { type ConfigInput, loadConfig } from '../config.js';
import { type AppContext, type Clock, createContext, createLogger } from '../context.js';
import { openDatabase, PGLITE_EXTENSIONS, queryRows } from '../db/client.js';
import { signInsChanged } from '../features/accounts/sign-in-cache.js';
import { startPhotoWorker } from '../features/photos/processing.js';
import { createMemoryRateLimiter } from '../platform/ratelimit/memory.js';
import { sideEffects } from '../side-effects.js';
import { type Engine, TEST_DATABASE_URL } from './engines.js';
import { adminQuery, withDatabase } from './global-setup.js';

/** A clock that starts at real time and moves only when a test says so. */
export class TestClock implements Clock {
  private offsetMs = 0;
  now = () => new Date(Date.now() + this.offsetMs);
  advance(seconds: number) {
    this.offsetMs += seconds * 1000;
  }
}

export interface Harness {
  readonly engine: Engine;
  readonly app: FastifyInstance;
  readonly ctx: AppContext;
  readonly clock: TestClock;
  readonly dataDir: string;
}

/** Generous limits so ordinary tests never meet them; the rate-limit tests set their own. */
const TEST_DEFAULTS: Partial<Record<keyof ConfigInput, string>> = {
  LOG_LEVEL: 'silent',
  // The web app's suite points this at a folder it builds; every other suite tests the API alone.
  WEB_DIR: 'off',
  // Every answer a test provokes is validated by zod and proves the compiled serializer equal to it.
  RESPONSE_SERIALIZER: 'checked',
  // The face and object models take seconds to load and ~0.7 s a photo: only the suites about them
  // turn analysis on.
  ML: 'off',
  RATE_SIGNUP_PER_IP: '10000',
  RATE_LOGIN_PER_IP: '10000',
  RATE_LOGIN_PER_ACCOUNT: '10000',
  RATE_VERIFY_PER_IP: '10000',
  RATE_VERIFY_PER_ACCOUNT: '10000',
  RATE_MAIL_PER_IP: '10000',
  RATE_MAIL_PER_ACCOUNT: '10000',
  RATE_SHARE_PASSWORD_PER_IP: '10000',
  RATE_SHARE_PASSWORD_PER_LINK: '10000',
  RATE_COMMENTS_PER_HOUR: '100000',
  RATE_LIKES_PER_HOUR: '100000',
  RATE_TAGS_PER_HOUR: '100000',
  RATE_SHARES_PER_HOUR: '100000',
  RATE_INVITES_PER_HOUR: '100000',
  RATE_UPLOAD_FILES_PER_HOUR: '100000',
};

/**
 * The real app over a real database of the given engine, fresh for this describe block and
 * emptied before each test. Mail goes to the outbox under a temporary DATA_DIR unless SMTP_URL is set.
 */
export interface HarnessOptions {
  /** Run the photo worker in-process, as `pixeli serve` does. */
  worker?: boolean;
}

export function useHarness(
  engine: Engine,
  env: Record<string, string> = {},
  options: HarnessOptions = {},
): Harness {
  const state = {} as { -readonly [K in keyof Harness]: Harness[K] } & { dbName?: string };
  const usesRedis = Boolean(env.REDIS_URL);
  // Each harness keeps its Redis keys under its own prefix and clears them between tests.
  const redisPrefix = `pixeli-test-${randomBytes(4).toString('hex')}:`;
  const clearRedis = async () => {
    // Only the rate-limit counters: the job queue's own keys must survive while its worker runs.
    const keys = await state.ctx.redis?.keys(`${redisPrefix}rl:*`);
    if (keys?.length) await state.ctx.redis?.del(...keys);
  };

  beforeAll(async () => {
    state.engine = engine;
    state.clock = new TestClock();
    state.dataDir = await mkdtemp(path.join(os.tmpdir(), 'pixeli-test-'));
    const config = loadConfig({
      ...TEST_DEFAULTS,
      DATA_DIR: state.dataDir,
      JWT_SECRET: randomBytes(32).toString('hex'),
      REDIS_PREFIX: redisPrefix,
      ...env,
    });
    let database: Awaited<ReturnType<typeof openDatabase>>;
    if (engine === 'pglite') {
      const dump = await readFile(inject('pgliteDumpPath'));
      database = await openDatabase({
        pglite: new PGlite({ loadDataDir: new Blob([dump]), extensions: PGLITE_EXTENSIONS }),
      });
    } else {
      if (!TEST_DATABASE_URL) throw new Error('PIXELI_TEST_DATABASE_URL is not set');
      state.dbName = `pixeli_t_${randomBytes(6).toString('hex')}`;
      await adminQuery(`CREATE DATABASE ${state.dbName} TEMPLATE ${inject('pgTemplate')}`);
      database = await openDatabase({ url: withDatabase(TEST_DATABASE_URL, state.dbName) });
    }
    state.ctx = await createContext(config, sideEffects, {
      database,
      clock: state.clock,
      log: createLogger(config),
    });
    state.app = await buildApp(state.ctx);
    await state.app.ready();
    if (options.worker) await startPhotoWorker(state.ctx);
  });

  beforeEach(async () => {
    // A job still running from the last test must not write into this one's fresh tables.
    await state.ctx.queue.idle();
    const tables = await queryRows<{ tablename: string }>(
      state.ctx.database.db,
      sql`select tablename from pg_tables where schemaname = 'public'`,
    );
    const names = tables.map((r) => `"${r.tablename}"`).join(', ');
    if (names) await state.ctx.database.db.execute(sql.raw(`TRUNCATE ${names} CASCADE`));
    if (usesRedis) await clearRedis();
    else state.ctx.limiter = createMemoryRateLimiter();
    await rm(path.join(state.dataDir, 'outbox'), { recursive: true, force: true });
  });

  afterAll(async () => {
    await state.app?.close();
    if (usesRedis && state.ctx) {
      // Stop the workers first, then remove every key this harness made (queue included).
      await state.ctx.queue.close();
      const keys = await state.ctx.redis?.keys(`${redisPrefix}*`);
      if (keys?.length) await state.ctx.redis?.del(...keys);
    }
    await state.ctx?.close();
    if (state.dbName) await adminQuery(`DROP DATABASE IF EXISTS ${state.dbName} WITH (FORCE)`);
    if (state.dataDir) await rm(state.dataDir, { recursive: true, force: true });
  });

  return state;
}

/** Runs the same suite on PGlite and, when PIXELI_TEST_DATABASE_URL is set, on PostgreSQL. */
export function forEachEngine(
  suite: (h: Harness) => void,
  env: Record<string, string> = {},
  options: HarnessOptions = {},
) {
  describe('on PGlite', () => suite(useHarness('pglite', env, options)));
  const postgres = TEST_DATABASE_URL ? describe : describe.skip;
  postgres(`on PostgreSQL${TEST_DATABASE_URL ? '' : ' (skipped: PIXELI_TEST_DATABASE_URL not set)'}`, () =>
    suite(useHarness('postgres', env, options)),
  );
}

// --- user-level helpers -----------------------------------------------------------------------

type Body = InjectOptions['payload'];

export function call(
  h: Harness,
  method: InjectOptions['method'],
  url: string,
  opts: { body?: Body; token?: string; headers?: Record<string, string> } = {},
): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  return h.app.inject({ method, url, payload: opts.body, headers });
}

/** The newest code mailed to `email`, read from the outbox `.eml` files like a person would. */
export async function codeFromOutbox(h: Harness, email: string): Promise<string> {
  const dir = path.join(h.dataDir, 'outbox');
  const files = (await readdir(dir).catch(() => [] as string[])).sort().reverse();
  for (const file of files) {
    const message = await readFile(path.join(dir, file), 'utf8');
    if (!new RegExp(`^To: ${email.replace(/[.+]/g, '\\$&')}$`, 'mi').test(message)) continue;
    const code = /^Subject: (\d{6}) is your Pixel-i/m.exec(message)?.[1];
    if (code) return code;
  }
  throw new Error(`no code in the outbox for ${email}`);
}

export async function outboxCount(h: Harness): Promise<number> {
  return (await readdir(path.join(h.dataDir, 'outbox')).catch(() => [])).length;
}

let userSeq = 0;
export interface TestUser {
  id: string;
  username: string;
  email: string;
  password: string;
  access: string;
  refresh: string;
}

/** Signs up and verifies a new person through the API; returns their tokens. */
export async function signUpVerified(
  h: Harness,
  overrides: Partial<{ username: string; email: string; password: string; name: string }> = {},
): Promise<TestUser> {
  userSeq += 1;
  const username = overrides.username ?? `user${userSeq}_${randomBytes(3).toString('hex')}`;
  const email = overrides.email ?? `${username}@example.com`;
  const password = overrides.password ?? 'a long enough passphrase';
  const signup = await call(h, 'POST', '/api/auth/signup/', {
    body: { username, email, password, name: overrides.name ?? `Person ${userSeq}` },
  });
  if (signup.statusCode !== 201) throw new Error(`signup failed: ${signup.body}`);
  const otp = await codeFromOutbox(h, email.toLowerCase());
  const verify = await call(h, 'POST', '/api/auth/verify-email/', { body: { email, otp } });
  if (verify.statusCode !== 200) throw new Error(`verify failed: ${verify.body}`);
  const { access, refresh } = verify.json();
  // The first account of a test becomes the site's admin (the first-admin rule, tested in
  // registration.test.ts); everyone here starts as an ordinary user, and tests give roles with setRole.
  await setRole(h, signup.json().id, 'public');
  return { id: signup.json().id, username, email: email.toLowerCase(), password, access, refresh };
}

/** Promotes a user to a site role directly in the database (as `pixeli create-admin` would). */
export async function setRole(h: Harness, userId: string, role: 'admin' | 'img' | 'public') {
  await h.ctx.database.db.execute(sql`update users set role = ${role} where id = ${userId}`);
  // As every write to an account does, so the next request sees the role (sign-in-cache.ts).
  await signInsChanged(h.ctx, { userId });
}

export async function countRows(h: Harness, table: string): Promise<number> {
  const rows = await queryRows<{ n: number }>(
    h.ctx.database.db,
    sql.raw(`select count(*)::int as n from "${table}"`),
  );
  return Number(rows[0]?.n ?? 0);
}

/** A fingerprint of every table's row count, to assert that a refused request changed nothing. */
export async function databaseFingerprint(h: Harness): Promise<string> {
  const tables = ['users', 'sessions', 'refresh_tokens', 'email_otps'];
  const counts = await Promise.all(tables.map((t) => countRows(h, t)));
  const [users] = await queryRows<{ s: string }>(
    h.ctx.database.db,
    sql`select coalesce(string_agg(md5(u::text), ',' order by id), '') as s from users u`,
  );
  return `${counts.join('/')}:${users?.s ?? ''}`;
}
