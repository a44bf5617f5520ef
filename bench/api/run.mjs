import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { loadAverage, machineFacts, writeSection } from '../report.mjs';
import { DEMO_PASSWORD } from '../search/database.mjs';
import { api, startServer } from '../server.mjs';
import { benchInputs, ensureData } from './data.mjs';
import { timedLoad } from './load.mjs';
import { reportMarkdown } from './report.mjs';

/**
 * API benchmark: the read paths a phone scrolls (feed, events, an event's gallery, one photo,
 * notifications) and likes, through a real `pixeli serve` on PostgreSQL and on the embedded engine,
 * at 3,000 and 200,000 seed-demo photos, as an ordinary member and as the administrator, each
 * route beside `/api/health/` (HTTP + one database round trip) measured just before it. Usage:
 *
 *   npm run bench -- api [--engines postgres,embedded] [--photos 3000,200000] [--connections 1,10,50]
 *                        [--seconds 4] [--routes feed,events,gallery,photo,notifications,likes]
 *                        [--admin-connections 50] [--postgres URL] [--reseed] [--write]
 *                        [--server-env KEY=VALUE,...]   (a setting to compare, e.g.
 *                                                        DATABASE_PREPARED_STATEMENTS=false)
 */

const pg = createRequire(new URL('../../server/package.json', import.meta.url))('pg');

/** Photos the likes take turns on: more than the most connections, so no two collide. */
const LIKE_POOL = 60;

export const ROUTES = ['feed', 'events', 'gallery', 'photo', 'notifications', 'likes'];

const USAGE =
  'usage: api [--engines postgres,embedded] [--photos 3000,200000] [--connections 1,10,50] ' +
  '[--admin-connections 50] [--seconds 4] [--routes feed,events,gallery,photo,notifications,likes] ' +
  '[--postgres URL] [--reseed] [--write] [--server-env KEY=VALUE,...]';

function parseOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      engines: { type: 'string', default: 'postgres,embedded' },
      photos: { type: 'string', default: '3000,200000' },
      connections: { type: 'string', default: '1,10,50' },
      'admin-connections': { type: 'string', default: '50' },
      seconds: { type: 'string', default: '4' },
      routes: { type: 'string', default: ROUTES.join(',') },
      postgres: {
        type: 'string',
        default: process.env.PIXELI_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
      },
      reseed: { type: 'boolean', default: false },
      write: { type: 'boolean', default: false },
      'server-env': { type: 'string', default: '' },
    },
  });
  const numbers = (name) => {
    const list = values[name].split(',').map(Number);
    if (list.some((n) => !Number.isInteger(n) || n < 1))
      throw new Error(`--${name} must be positive whole numbers\n${USAGE}`);
    return list;
  };
  const names = (name, known) => {
    const list = values[name].split(',');
    const unknown = list.filter((n) => !known.includes(n));
    if (unknown.length) throw new Error(`--${name}: unknown ${unknown.join(', ')}\n${USAGE}`);
    return list;
  };
  return {
    engines: names('engines', ['postgres', 'embedded']),
    photos: numbers('photos'),
    connections: numbers('connections'),
    adminConnections: numbers('admin-connections'),
    seconds: numbers('seconds')[0],
    routes: names('routes', ROUTES),
    postgres: values.postgres,
    reseed: values.reseed,
    write: values.write,
    serverEnv: Object.fromEntries(
      values['server-env']
        .split(',')
        .filter(Boolean)
        .map((pair) => {
          const [key, ...value] = pair.split('=');
          if (!key || !value.length) throw new Error(`--server-env: ${pair} is not KEY=VALUE\n${USAGE}`);
          return [key, value.join('=')];
        }),
    ),
  };
}

const log = (line) => console.error(`[api] ${line}`);

/** The requests autocannon sends for each route; likes take a photo from a pool, so no two connections collide. */
function requestsFor(route, inputs) {
  const get = (p) => [{ method: 'GET', path: p }];
  switch (route) {
    case 'health':
      return [{ method: 'GET', path: '/api/health/' }];
    case 'feed':
      return get('/api/photos/feed/?limit=50');
    case 'events':
      return get('/api/events/');
    case 'gallery':
      return get(`/api/events/${inputs.event.id}/photos/?limit=50`);
    case 'photo':
      return get(`/api/photos/${inputs.photoIds[0]}/`);
    case 'notifications':
      return get('/api/notifications/');
    case 'likes': {
      const free = [...inputs.photoIds];
      const likesOf = (id) => `/api/photos/${id}/likes/`;
      return [
        {
          method: 'POST',
          setupRequest: (req, context) => {
            context.photo = free.pop();
            return { ...req, path: likesOf(context.photo) };
          },
        },
        {
          method: 'DELETE',
          setupRequest: (req, context) => ({ ...req, path: likesOf(context.photo) }),
          onResponse: (_status, _body, context) => free.push(context.photo),
        },
      ];
    }
    default:
      throw new Error(`no requests for ${route}`);
  }
}

async function signIn(server, username) {
  const { json } = await api(server, 'POST', '/api/auth/login/', {
    body: { username, password: DEMO_PASSWORD },
  });
  return json.access;
}

/**
 * Takes back every like `token`'s owner holds on the pool's photos: seed-demo's own likes, and one
 * a run's end cut between its POST and its DELETE, would otherwise answer 400 `already_liked`.
 */
async function unlikePool(server, token, photoIds) {
  for (const id of photoIds) {
    const { json: photo } = await api(server, 'GET', `/api/photos/${id}/`, { token });
    if (photo.is_liked) await api(server, 'DELETE', `/api/photos/${id}/likes/`, { token });
  }
}

/** Every route at every connection count for one engine and size, on one server. */
async function measureData(options, data, inputs) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'pixeli-bench-api-run-'));
  const env = {
    ...data.env,
    ...(data.engine === 'embedded' ? { DATA_DIR: path.dirname(data.target.dataDir) } : {}),
    LOG_LEVEL: 'warn',
    WEB_DIR: 'off',
    // A benchmark likes faster than any person: the per-account allowance would answer 429.
    RATE_LIKES_PER_HOUR: '1000000000',
    ...options.serverEnv,
  };
  const server = await startServer(env.DATA_DIR ?? dataDir, env);
  let db;
  try {
    if (data.engine === 'postgres') {
      const client = new pg.Client({ connectionString: data.target.url });
      await client.connect();
      db = { client, name: new URL(data.target.url).pathname.slice(1) };
    }
    const viewers = [
      { label: 'member', username: inputs.member.username, connections: options.connections },
      { label: 'admin', username: inputs.admin, connections: options.adminConnections },
    ];
    for (const viewer of viewers) viewer.token = await signIn(server, viewer.username);
    // The gallery's first photos: readable by the member (and so by the admin), liked in turn.
    const { json: gallery } = await api(
      server,
      'GET',
      `/api/events/${inputs.event.id}/photos/?limit=${LIKE_POOL}`,
      {
        token: viewers[0].token,
      },
    );
    inputs.photoIds = gallery.map((p) => p.id);
    if (inputs.photoIds.length < Math.max(...options.connections, ...options.adminConnections))
      throw new Error(
        `the member's gallery has only ${inputs.photoIds.length} photos: too few to like in parallel`,
      );

    const rows = [];
    const load = async (viewer, route, connections, seconds) => {
      if (route === 'likes') await unlikePool(server, viewer.token, inputs.photoIds);
      return timedLoad(
        { headers: { authorization: `Bearer ${viewer.token}` } },
        {
          server,
          db,
          requests: requestsFor(route, inputs),
          connections,
          seconds,
          label: `${data.engine} ${data.photos} ${viewer.label} c=${connections} ${route}`,
        },
      );
    };
    // Warm-up, untimed: every route once at 10 connections, so JIT and caches are not measured.
    for (const route of options.routes) await load(viewers[0], route, 10, 1);
    for (const viewer of viewers) {
      for (const connections of viewer.connections) {
        for (const route of options.routes) {
          const health = await load(viewer, 'health', connections, options.seconds);
          const measured = await load(viewer, route, connections, options.seconds);
          const row = { engine: data.engine, photos: data.photos, viewer: viewer.label, connections, route };
          rows.push({ ...row, health, measured });
          log(
            `${data.engine} ${data.photos} ${viewer.label} c=${connections} ${route}: ` +
              `${measured.perSecond.toFixed(0)}/s p99 ${measured.p99} ms ` +
              `(health ${health.perSecond.toFixed(0)}/s), server ${measured.serverCpuMs.toFixed(2)} ms` +
              (measured.dbCpuMs === undefined ? '' : `, db ${measured.dbCpuMs.toFixed(2)} ms`),
          );
        }
      }
    }
    return { rows, rss: await server.memory() };
  } catch (error) {
    console.error(server.output());
    throw error;
  } finally {
    await db?.client.end();
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

export async function run(argv) {
  const options = parseOptions(argv);
  const machine = machineFacts();
  const started = { at: new Date(), load: loadAverage() };
  const runs = [];
  for (const engine of options.engines) {
    for (const photos of options.photos) {
      const data = await ensureData(engine, photos, {
        postgres: options.postgres,
        reseed: options.reseed,
        log,
      });
      const inputs = await benchInputs(data);
      log(
        `${engine} ${photos}: member ${inputs.member.username} (${inputs.member.events} events), ` +
          `gallery "${inputs.event.title}" (${inputs.event.photos} photos)`,
      );
      runs.push({ data, inputs, ...(await measureData(options, data, inputs)) });
    }
  }
  const markdown = reportMarkdown({ options, argv, machine, started, ended: { load: loadAverage() }, runs });
  console.log(markdown);
  if (options.write) {
    await writeSection('api', markdown);
    log('written to BENCHMARKS.md');
  }
}

// Also runnable on its own: `node bench/api/run.mjs --engines embedded --photos 3000` (after `npm run build`).
if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  run(process.argv.slice(2)).catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
