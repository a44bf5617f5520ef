import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite, type QueryOptions, type Transaction, types } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { type SQL, sql } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { NamedStatements, routeThroughNamed } from './pglite-named-statements.js';
import { PreparingClient } from './prepared-statements.js';
import * as schema from './schema.js';

export type Schema = typeof schema;
/** The drizzle handle every repo takes; the same type on both engines. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle has the same query surface as the database. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export interface Database {
  db: Db;
  engine: 'pglite' | 'postgres';
  migrate(): Promise<void>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** Extensions the migrations create; PGlite must have them loaded before it can create them. */
export const PGLITE_EXTENSIONS = { pg_trgm, unaccent };

/** Both src/db and dist/db sit two levels below the folder that holds `drizzle/`. */
export const MIGRATIONS_FOLDER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../drizzle');

/** An arbitrary constant: nodes starting together take turns migrating. */
const MIGRATION_LOCK_KEY = 80_008_001;

/** `prepare`: name statements so each is parsed and planned once (both engines; see prepared-statements.ts). */
export type DatabaseTarget = { prepare?: boolean } & (
  | { url: string }
  | { dataDir: string }
  | { pglite: PGlite }
);

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  return 'url' in target ? openPostgres(target.url, target.prepare) : openPglite(target);
}

async function openPostgres(url: string, prepare = true): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    ...(prepare ? { Client: PreparingClient } : {}),
  });
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on('error', () => {});
  const db = drizzleNodePg(pool, { schema }) as unknown as Db;
  return {
    db,
    engine: 'postgres',
    async migrate() {
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
        await migrateNodePg(drizzleNodePg(client, { schema }), {
          migrationsFolder: MIGRATIONS_FOLDER,
        });
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
        client.release();
      }
    },
    ping: () => pingWith(db),
    close: () => pool.end(),
  };
}

async function openPglite(
  target: { prepare?: boolean } & ({ dataDir: string } | { pglite: PGlite }),
): Promise<Database> {
  let client: PGlite;
  if ('pglite' in target) {
    client = target.pglite;
  } else {
    mkdirSync(target.dataDir, { recursive: true });
    // 8 MB of shared buffers instead of PostgreSQL's 128 MB: the embedded database serves one
    // process and an event-sized data set from the OS's file cache, and every megabyte here is
    // resident in the server for good (128 -> 16 MB cut ~110 MB; 16 -> 8 MB steadied the ingest
    // peak at ~373 MB, BENCHMARKS.md).
    client = await PGlite.create(target.dataDir, {
      startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=8MB'],
      extensions: PGLITE_EXTENSIONS,
    });
  }
  await client.waitReady;
  const named = target.prepare === false ? undefined : new NamedStatements(client);
  const db = drizzlePglite(withDrizzleParsersSetOnce(client, named), { schema }) as unknown as Db;
  return {
    db,
    engine: 'pglite',
    async migrate() {
      await migratePglite(drizzlePglite(client, { schema }), {
        migrationsFolder: MIGRATIONS_FOLDER,
      });
    },
    ping: () => pingWith(db),
    close: () => client.close(),
  };
}

/**
 * drizzle has PGlite hand dates, intervals and numeric arrays over as text (drizzle parses them
 * itself) by passing `parsers` with every statement, and PGlite then copies its map of ~340
 * parsers into a new object for that statement: ~0.13 ms of CPU each time, a tenth of what a like
 * cost. The same parsers set once on the instance, and the option dropped, give the same rows.
 * `types` holds no name for the array types: numeric[], timestamp[], timestamptz[], interval[],
 * date[], as drizzle lists them.
 */
const DRIZZLE_TEXT_TYPES = [
  types.TIMESTAMP,
  types.TIMESTAMPTZ,
  types.INTERVAL,
  types.DATE,
  1231,
  1115,
  1185,
  1187,
  1182,
];

function withDrizzleParsersSetOnce(client: PGlite, named: NamedStatements | undefined) {
  for (const type of DRIZZLE_TEXT_TYPES) client.parsers[type] = (text: string) => text;
  // On the instance, and on each transaction handle its `transaction` passes to drizzle.
  const route = <T extends Pick<PGlite, 'query'>>(querier: T, inTransaction: boolean): T =>
    named ? routeThroughNamed(querier, named, inTransaction) : dropParsers(querier);
  const transaction = client.transaction.bind(client);
  client.transaction = ((work: (tx: Transaction) => Promise<unknown>) =>
    transaction((tx) => work(route(tx, true)))) as PGlite['transaction'];
  return route(client, false);
}

function dropParsers<T extends Pick<PGlite, 'query'>>(querier: T): T {
  const query = querier.query.bind(querier);
  querier.query = ((text: string, params?: unknown[], options?: QueryOptions) => {
    if (!options?.parsers) return query(text, params, options);
    const { parsers: _sameAsTheInstance, ...rest } = options;
    return query(text, params, rest);
  }) as T['query'];
  return querier;
}

async function pingWith(db: Db): Promise<boolean> {
  try {
    await db.execute(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}

/** Raw SQL for the rare query drizzle's builder cannot say; both drivers answer with `{ rows }`. */
export async function queryRows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
