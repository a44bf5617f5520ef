import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { importBuilt, requireFromServer } from './server-deps.mjs';

/**
 * A library to measure in-process, for the scripts that time one service call at a time (find-me,
 * clip): a context of the built server on a scratch data folder (or, with `--postgres URL` on the
 * command line, a scratch database on that server), two accounts, ada and bob, and ada's event
 * with bob as a member. `close()` removes all of it.
 *   const lib = await scratchLibrary({ argv: process.argv, name: 'clip', env: (dataDir) => ({...}) });
 */
export async function scratchLibrary({ argv, name, env = () => ({}), event = {} }) {
  const { loadConfig } = await importBuilt('config.js');
  const { createContext } = await importBuilt('context.js');
  const { openDatabase } = await importBuilt('db/client.js');
  const schema = await importBuilt('db/schema.js');
  const { sideEffects } = await importBuilt('side-effects.js');

  const scratch = await scratchDatabase(argv, `pixeli_${name.replaceAll('-', '_')}`);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), `pixeli-${name}-`));
  const config = loadConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    JWT_SECRET: randomBytes(32).toString('hex'),
    ...(await env(dataDir)),
    ...(scratch.url ? { DATABASE_URL: scratch.url } : {}),
  });
  const database = await openDatabase(
    scratch.url ? { url: scratch.url } : { dataDir: path.join(dataDir, 'db') },
  );
  await database.migrate();
  const ctx = await createContext(config, sideEffects, { database });
  const db = ctx.database.db;

  const suffix = randomBytes(3).toString('hex');
  const user = async (username) => {
    const [row] = await db
      .insert(schema.users)
      .values({
        username,
        email: `${username}@example.com`,
        passwordHash: 'x',
        name: username,
        isActive: true,
      })
      .returning();
    return row;
  };
  const ada = await user(`ada${suffix}`);
  const bob = await user(`bob${suffix}`);
  const [created] = await db
    .insert(schema.events)
    .values({ title: 'Bench', coordinatorId: ada.id, ...event })
    .returning();
  await db.insert(schema.eventMembers).values({ eventId: created.id, userId: bob.id });

  return {
    ctx,
    db,
    schema,
    dataDir,
    ada,
    bob,
    event: created,
    async close() {
      await ctx.close();
      await rm(dataDir, { recursive: true, force: true });
      await scratch.drop();
    },
  };
}

/**
 * With `--postgres URL` on the command line, a database of its own on that server, dropped by
 * `drop()`; without it, nothing (the embedded engine in the scratch folder).
 */
async function scratchDatabase(argv, prefix) {
  const at = argv.indexOf('--postgres');
  const adminUrl = at > 0 ? argv[at + 1] : undefined;
  if (!adminUrl) return { url: undefined, drop: async () => {} };
  const pg = requireFromServer('pg');
  const admin = async (statement) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE ${name} WITH (FORCE)`) };
}

/** A repeatable stream of uniform (0, 1) and standard normal numbers from a seed. */
export function seededRandom(seed) {
  let s = seed >>> 0;
  const uniform = () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return (s + 0.5) / 2 ** 32;
  };
  const gaussian = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  return { uniform, gaussian };
}
