import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { importBuilt, SERVER_MAIN } from '../server-deps.mjs';

/**
 * The benchmark's own PostgreSQL database, filled once by `pixeli seed-demo` and reused while it
 * holds what this benchmark asked for. A marker (the database's comment, written only after a
 * seed succeeded) records the seed-demo arguments and how long seeding took.
 */

const pg = createRequire(new URL('../../server/package.json', import.meta.url))('pg');

export const DEMO_PASSWORD = 'pixeli-demo';

export function databaseUrl(baseUrl, name) {
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withClient(url, work) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The parent's environment minus every Pixel-i setting (as bench/server.mjs does for `serve`). */
async function childEnv(env) {
  const { ConfigSchema } = await importBuilt('config.js');
  const base = { ...process.env };
  for (const key of Object.keys(ConfigSchema.shape)) delete base[key];
  return { ...base, ...env };
}

/** Runs `pixeli seed-demo` against `url`, passing its progress lines to `log`; resolves with its wall time. */
async function runSeedDemo(url, seedArgs, log) {
  const cwd = await mkdtemp(path.join(os.tmpdir(), 'pixeli-bench-seed-'));
  const started = performance.now();
  try {
    const child = spawn(process.execPath, [SERVER_MAIN, 'seed-demo', ...seedArgs], {
      cwd,
      env: await childEnv({ DATABASE_URL: url, DATA_DIR: cwd, LOG_LEVEL: 'warn' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const keep = (chunk) => {
      output += chunk;
      for (const line of String(chunk).split('\n')) if (line.trim()) log(line.trim());
    };
    child.stdout.setEncoding('utf8').on('data', keep);
    child.stderr.setEncoding('utf8').on('data', keep);
    const code = await new Promise((resolve) => child.once('exit', resolve));
    if (code !== 0) throw new Error(`seed-demo exited with ${code}:\n${output.slice(-4000)}`);
    return (performance.now() - started) / 1000;
  } finally {
    await rm(cwd, { recursive: true, force: true });
  }
}

/**
 * Makes sure database `name` on the server at `baseUrl` holds exactly the seed-demo data for
 * `seedArgs`: reused when its marker says so (unless `reseed`), else dropped, created and seeded.
 * Returns its URL and the marker (seed-demo arguments, when and how fast it was seeded).
 */
/**
 * Raised whenever what seed-demo leaves behind changes, so a database seeded the old way is not
 * reused. 2: the tables are vacuumed after loading (visibility map, GIN pending lists merged);
 * 3: seeded under migration 0008 (search documents without accents).
 */
const SEED_FORMAT = 3;

export async function ensureSeededDatabase(baseUrl, name, seedArgs, { reseed, log }) {
  const wanted = `seed-demo ${seedArgs.join(' ')}`;
  const url = databaseUrl(baseUrl, name);
  const marker = await withClient(baseUrl, async (client) => {
    const { rows } = await client.query(
      `select shobj_description(oid, 'pg_database') as comment from pg_database where datname = $1`,
      [name],
    );
    if (rows.length === 0) return undefined;
    try {
      return JSON.parse(rows[0].comment ?? 'null') ?? undefined;
    } catch {
      return undefined;
    }
  });
  if (marker?.args === wanted && marker.format === SEED_FORMAT && !reseed) {
    log(`reusing database ${name} (${wanted}, seeded ${marker.seededAt} in ${marker.seconds.toFixed(1)} s)`);
    return { url, marker, reused: true };
  }
  log(`${reseed ? 'reseeding' : 'creating'} database ${name} with ${wanted}`);
  await withClient(baseUrl, async (client) => {
    await client.query(`drop database if exists ${name} with (force)`);
    await client.query(`create database ${name}`);
  });
  const seconds = await runSeedDemo(url, seedArgs, log);
  const fresh = {
    args: wanted,
    format: SEED_FORMAT,
    seededAt: new Date().toISOString().slice(0, 16).replace('T', ' '),
    seconds,
  };
  await withClient(baseUrl, (client) =>
    client.query(`comment on database ${name} is '${JSON.stringify(fresh).replaceAll("'", "''")}'`),
  );
  return { url, marker: fresh, reused: false };
}

/**
 * What the queries are made of, read from the seeded data so that they find something: the
 * viewer (an ordinary member of the most events, one of them private), the commonest first name
 * and tags, and the database's size and server version for the report.
 */
export async function queryInputs(url) {
  return withClient(url, async (client) => {
    const one = async (text) => (await client.query(text)).rows[0];
    const viewer = await one(`
      select u.username, count(*)::int as events, count(*) filter (where e.read_perm = 'PRV')::int as private
      from users u join event_members m on m.user_id = u.id join events e on e.id = m.event_id
      where u.role = 'public'
      group by u.id
      order by count(*) filter (where e.read_perm = 'PRV') > 0 desc, count(*) desc, u.username
      limit 1`);
    const admin = await one(`select username from users where role = 'admin' order by created_at limit 1`);
    const firstName = await one(`
      select lower(split_part(name, ' ', 1)) as name, count(*)::int as people
      from users where role <> 'admin' group by 1 order by 2 desc, 1 limit 1`);
    const tags = (
      await client.query(`
        select tag, count(*)::int as photos from photos, unnest(user_tags) as tag
        group by tag order by 2 desc, 1 limit 2`)
    ).rows;
    const counts = await one(`
      select (select count(*) from users)::int as users, (select count(*) from events)::int as events,
             (select count(*) from photos)::int as photos, (select count(*) from likes)::int as likes,
             (select count(*) from comments)::int as comments, (select count(*) from photo_tags)::int as people_tags,
             pg_database_size(current_database())::bigint as bytes,
             current_setting('server_version') as version,
             (select extract(year from max(timestamp))::int - 1 from photos) as year`);
    return { viewer, admin: admin?.username, firstName, tags, counts };
  });
}
