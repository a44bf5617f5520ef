import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ensureSeededDatabase } from '../search/database.mjs';
import { childEnv } from '../server.mjs';
import { importBuilt, SERVER_MAIN } from '../server-deps.mjs';

/**
 * The API benchmark's data: a `pixeli seed-demo` database per engine and size, made once and
 * reused while it holds what was asked for. PostgreSQL databases carry their marker as a comment
 * (bench/search/database.mjs, shared with the search benchmark: 200,000 photos are one database);
 * embedded data folders carry it in a `seed.json` beside the database.
 */

/** seed-demo's people and events for a number of photos: its defaults at 3,000, the search benchmark's at 200,000. */
export function seedArgsFor(photos) {
  const [users, events] = photos >= 50_000 ? [2000, 400] : [200, 30];
  return ['--users', String(users), '--events', String(events), '--photos', String(photos)];
}

/** Which PostgreSQL database holds `photos` seed-demo photos (200,000 is the search benchmark's). */
const postgresName = (photos) => (photos === 200_000 ? 'pixeli_bench_search' : `pixeli_bench_api_${photos}`);

/** Raised when what an embedded seed leaves behind changes, so an old folder is seeded again. */
const EMBEDDED_SEED_FORMAT = 1;

async function seedEmbedded(dataDir, seedArgs, log) {
  const started = performance.now();
  const child = spawn(process.execPath, [SERVER_MAIN, 'seed-demo', ...seedArgs], {
    cwd: dataDir,
    env: await childEnv({ DATA_DIR: dataDir, LOG_LEVEL: 'warn' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk) => {
    output = (output + chunk).slice(-8000);
    for (const line of String(chunk).split('\n')) if (line.startsWith('seed-demo:')) log(line.trim());
  };
  child.stdout.setEncoding('utf8').on('data', keep);
  child.stderr.setEncoding('utf8').on('data', keep);
  const code = await new Promise((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`seed-demo exited with ${code}:\n${output}`);
  return (performance.now() - started) / 1000;
}

/** An embedded data folder under the temp dir holding exactly `seedArgs`' data, seeded if it does not. */
async function ensureEmbedded(photos, seedArgs, { reseed, log }) {
  const dataDir = path.join(os.tmpdir(), 'pixeli-bench-api', `embedded-${photos}`);
  const markerFile = path.join(dataDir, 'seed.json');
  const wanted = `seed-demo ${seedArgs.join(' ')}`;
  const marker = existsSync(markerFile) ? JSON.parse(await readFile(markerFile, 'utf8')) : undefined;
  if (!reseed && marker?.args === wanted && marker.format === EMBEDDED_SEED_FORMAT) {
    log(`reusing ${dataDir} (${wanted}, seeded ${marker.seededAt} in ${marker.seconds.toFixed(1)} s)`);
    return { dataDir, marker, reused: true };
  }
  log(`seeding ${dataDir} with ${wanted}`);
  await rm(dataDir, { recursive: true, force: true });
  await mkdir(dataDir, { recursive: true });
  const seconds = await seedEmbedded(dataDir, seedArgs, log);
  const fresh = {
    args: wanted,
    format: EMBEDDED_SEED_FORMAT,
    seededAt: new Date().toISOString().slice(0, 16).replace('T', ' '),
    seconds,
  };
  await writeFile(markerFile, JSON.stringify(fresh));
  return { dataDir, marker: fresh, reused: false };
}

/**
 * The seeded data for one engine and size: where it is (a database URL, or a data folder), how
 * `pixeli serve` is pointed at it, and how it was made.
 */
export async function ensureData(engine, photos, { postgres, reseed, log }) {
  const seedArgs = seedArgsFor(photos);
  if (engine === 'postgres') {
    const db = await ensureSeededDatabase(postgres, postgresName(photos), seedArgs, { reseed, log });
    return { engine, photos, target: { url: db.url }, env: { DATABASE_URL: db.url }, ...db };
  }
  const folder = await ensureEmbedded(photos, seedArgs, { reseed, log });
  return { engine, photos, target: { dataDir: path.join(folder.dataDir, 'db') }, env: {}, ...folder };
}

/**
 * Who browses and what: the ordinary member of the most events (a private one among them, so the
 * access filter has the most to do), the administrator, and the member's event with the most
 * photos. Read straight from the database before the server opens it (PGlite has one owner).
 */
export async function benchInputs(data) {
  const { openDatabase } = await importBuilt('db/client.js');
  const database = await openDatabase(data.target);
  const client = database.db.$client;
  const one = async (text, params = []) => (await client.query(text, params)).rows[0];
  try {
    const member = await one(`
      select u.id, u.username, count(*)::int as events,
             count(*) filter (where e.read_perm = 'PRV')::int as private
      from users u join event_members m on m.user_id = u.id join events e on e.id = m.event_id
      where u.role = 'public'
      group by u.id
      order by count(*) filter (where e.read_perm = 'PRV') > 0 desc, count(*) desc, u.username
      limit 1`);
    const admin = await one(`select username from users where role = 'admin' order by created_at limit 1`);
    const event = await one(
      `select e.id, e.title, (select count(*) from photos p where p.event_id = e.id)::int as photos
       from events e join event_members m on m.event_id = e.id and m.user_id = $1
       order by 3 desc limit 1`,
      [member.id],
    );
    const counts = await one(`
      select (select count(*) from users)::int as users, (select count(*) from events)::int as events,
             (select count(*) from photos)::int as photos, (select count(*) from likes)::int as likes,
             (select count(*) from notifications)::int as notifications,
             current_setting('server_version') as version`);
    return { member, admin: admin.username, event, counts };
  } finally {
    await database.close();
  }
}
