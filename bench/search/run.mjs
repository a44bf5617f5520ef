import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { loadAverage, machineFacts, machineLine, table, writeSection } from '../report.mjs';
import { api, startServer } from '../server.mjs';
import { DEMO_PASSWORD, ensureSeededDatabase, queryInputs } from './database.mjs';
import { measureRoute } from './load.mjs';

/**
 * Search benchmark: latency of `/api/search/` (the search box, typed as you go) and
 * `/api/photos/search/` (filters) on a PostgreSQL database of 200,000 seed-demo photos, beside
 * `/api/health/` (HTTP plus one database round trip: the floor) in the same run, through a real
 * `pixeli serve`, signed in as an ordinary member. Usage:
 *
 *   npm run bench -- search [--requests 200] [--warmup 20] [--concurrency 1,4] [--reseed] [--write]
 *                           [--photos 200000 --users 2000 --events 400] [--postgres URL] [--database NAME]
 */

/** From the issue: "measure /api/search/ and /api/photos/search/ latency at 200,000 photos ... p95 under 50 ms". */
const P95_TARGET_MS = 50;

const USAGE =
  'usage: search [--requests N per query (200)] [--warmup N (20)] [--concurrency N,N (1,4)] ' +
  '[--users N (2000)] [--events N (400)] [--photos N (200000)] [--postgres URL] [--database NAME] [--reseed] [--write]';

function parseOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      requests: { type: 'string', default: '200' },
      warmup: { type: 'string', default: '20' },
      concurrency: { type: 'string', default: '1,4' },
      users: { type: 'string', default: '2000' },
      events: { type: 'string', default: '400' },
      photos: { type: 'string', default: '200000' },
      postgres: {
        type: 'string',
        default: process.env.PIXELI_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
      },
      database: { type: 'string', default: 'pixeli_bench_search' },
      reseed: { type: 'boolean', default: false },
      write: { type: 'boolean', default: false },
    },
  });
  const whole = (name, text = values[name]) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be positive whole numbers\n${USAGE}`);
    return n;
  };
  if (!/^[a-z_][a-z0-9_]*$/.test(values.database))
    throw new Error(`--database must be a plain name\n${USAGE}`);
  return {
    requests: whole('requests'),
    warmup: whole('warmup'),
    concurrency: [...new Set(values.concurrency.split(',').map((n) => whole('concurrency', n)))].sort(
      (a, b) => a - b,
    ),
    seedArgs: ['--users', values.users, '--events', values.events, '--photos', values.photos].map(String),
    photos: whole('photos'),
    postgres: values.postgres,
    database: values.database,
    reseed: values.reseed,
    write: values.write,
  };
}

const log = (line) => console.error(`[search] ${line}`);
const ms = (value) => (Number.isFinite(value) ? value.toFixed(value < 10 ? 1 : 0) : '-');
const count = (n) => n.toLocaleString('en-US');

/** Every query measured, made of words the seeded data holds. */
function queriesFor(inputs) {
  const [tagA, tagB] = inputs.tags.map((t) => t.tag);
  const first = inputs.firstName.name;
  const year = inputs.counts.year;
  // A page of 50, as measured before lists without `limit` grew to LIST_LIMIT_DEFAULT (500).
  const photoSearch = (query) => ({
    endpoint: 'photos/search',
    query: query || '(no filter)',
    route: `/api/photos/search/?${query ? `${query}&` : ''}limit=50`,
  });
  const unified = (q) => ({
    endpoint: 'search',
    query: `q=${q}`,
    route: `/api/search/?q=${encodeURIComponent(q)}`,
  });
  return [
    { endpoint: 'health', query: '(floor: HTTP + select 1)', route: '/api/health/', floor: true },
    photoSearch(''),
    photoSearch('event_name=spring'),
    photoSearch(`tags=${tagA}`),
    photoSearch(`tags=${tagA}&tags=${tagB}&tags_mode=all`),
    photoSearch(`photographer_name=${first}`),
    photoSearch(`date_from=${year}-01-01&date_to=${year}-03-31`),
    photoSearch(`event_name=gala&tags=${tagA}&date_from=${year - 1}-01-01`),
    ...['s', 'sp', 'spr', 'spring', first, tagA, 'spring gala'].map(unified),
  ];
}

/** How much the first answer held: photos on the page, or people/events/photos found. */
function found(endpoint, body) {
  const json = JSON.parse(body);
  if (endpoint === 'photos/search') return `${json.results.length} of ${json.count}`;
  if (endpoint === 'search') return `${json.users.length}/${json.events.length}/${json.photos.length}`;
  return '-';
}

async function signIn(server, username) {
  const { json } = await api(server, 'POST', '/api/auth/login/', {
    body: { username, password: DEMO_PASSWORD },
  });
  return json.access;
}

/** Measures every query for each viewer and concurrency; the admin only at the highest concurrency. */
async function measureAll(server, viewers, queries, options) {
  const rows = [];
  for (const viewer of viewers) {
    const levels = viewer.everyConcurrency ? options.concurrency : options.concurrency.slice(-1);
    for (const concurrency of levels) {
      for (const q of queries) {
        if (q.floor && !viewer.everyConcurrency) continue;
        const m = await measureRoute(server.url, q.route, viewer.token, {
          warmup: options.warmup,
          requests: options.requests,
          concurrency,
        });
        log(`${viewer.label} c=${concurrency} ${q.route}: p50 ${ms(m.p50)} p95 ${ms(m.p95)} ms`);
        rows.push({ ...q, viewer: viewer.label, concurrency, ...m, found: found(q.endpoint, m.body) });
      }
    }
  }
  return rows;
}

function report(o, argv, machine, r) {
  const floorOf = (concurrency) => r.rows.find((x) => x.floor && x.concurrency === concurrency);
  const measured = r.rows.filter((x) => !x.floor);
  const tableOf = (rows) =>
    table(
      [
        'endpoint',
        'query',
        'found',
        'in flight',
        'p50 ms',
        'p95 ms',
        'p99 ms',
        'max ms',
        'req/s',
        'p95 vs floor',
      ],
      rows.map((x) => [
        `\`${x.endpoint}\``,
        `\`${x.query}\``,
        x.found,
        String(x.concurrency),
        ms(x.p50),
        `${x.floor || x.p95 < P95_TARGET_MS ? '' : '**'}${ms(x.p95)}${x.floor || x.p95 < P95_TARGET_MS ? '' : '**'}`,
        ms(x.p99),
        ms(x.max),
        x.perSecond.toFixed(0),
        `${(x.p95 / (floorOf(x.concurrency) ?? floorOf(o.concurrency.at(-1))).p95).toFixed(1)}x`,
      ]),
    );
  const member = r.rows.filter((x) => x.viewer === 'member');
  const admin = r.rows.filter((x) => x.viewer === 'admin');
  const memberMeasured = measured.filter((x) => x.viewer === 'member');
  const misses = memberMeasured.filter((x) => x.p95 >= P95_TARGET_MS);
  const worst = (endpoint) =>
    memberMeasured
      .filter((x) => x.endpoint === endpoint)
      .reduce((a, x) => (!a || x.p95 > a.p95 ? x : a), null);
  const worstLine = (endpoint) => {
    const w = worst(endpoint);
    return w ? `worst p95 ${ms(w.p95)} ms (\`${w.query}\`, ${w.concurrency} in flight)` : 'not measured';
  };
  const c = r.inputs.counts;
  const seeded = r.database.marker;
  return `## search: \`/api/search/\` and \`/api/photos/search/\` at ${count(c.photos)} photos on PostgreSQL

Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC with \`npm run bench -- search${argv.length ? ` ${argv.join(' ')}` : ''}\`.

Machine: ${machineLine(machine)}. PostgreSQL ${c.version} on the same machine (its settings as installed).
1-minute load average before the run ${r.load.start}, after it ${r.load.end} (this benchmark's own work
included: the load generator, the server and PostgreSQL all share these cores).

Data: database \`${o.database}\`, made by \`pixeli ${seeded.args}\` in ${seeded.seconds.toFixed(1)} s
(wall, including its migrations and \`VACUUM (ANALYZE)\`) on ${seeded.seededAt} UTC${r.database.reused ? ', reused by this run (its marker matched)' : ', by this run'}:
${count(c.users)} people, ${count(c.events)} events, ${count(c.photos)} photos, ${count(c.people_tags)} people tags,
${count(c.likes)} likes, ${count(c.comments)} comments; ${(c.bytes / 1e6).toFixed(0)} MB on disk.

Method: one real \`pixeli serve\` on that database (in-process queue, \`LOG_LEVEL=warn\`, pool of 10
connections), signed in as **${r.inputs.viewer.username}**, an ordinary (\`public\`) account that is a member of
${r.inputs.viewer.events} events (${r.inputs.viewer.private} of them private): the access filters' realistic worst case.
Each query gets ${o.warmup} untimed warm-up requests, then ${o.requests} timed ones with a fixed number in
flight (${o.concurrency.join(' and ')}); a latency runs from sending the request until its whole body has
arrived. Pages are the default size (50 photos; 6 people, events and photos for \`/api/search/\`).
\`found\` is what the first answer held (photos on the page, or people/events/photos). The words
come from the data: the commonest first name (\`${r.inputs.firstName.name}\`, ${r.inputs.firstName.people} people) and the
two commonest tags (${r.inputs.tags.map((t) => `\`${t.tag}\` on ${count(t.photos)} photos`).join(', ')}).
${r.searchMissing ? `\n**\`/api/search/\` was not measured: it answered ${r.searchMissing} in this build.**\n` : ''}
Target, from the issue: "measure \`/api/search/\` and \`/api/photos/search/\` latency at 200,000 photos on
PostgreSQL, beside \`/api/health/\` in the same run. Target: p95 under ${P95_TARGET_MS} ms." (p95 at or over it in bold.)

As the member:

${tableOf(member)}

As the administrator (\`${r.inputs.admin}\`, who sees everything, so the access filters drop out), ${o.concurrency.at(-1)} in flight:

${tableOf(admin)}

- \`/api/photos/search/\`: ${worstLine('photos/search')}.
- \`/api/search/\`: ${worstLine('search')}.
- Target (every member query, at every concurrency, p95 under ${P95_TARGET_MS} ms): **${misses.length === 0 ? 'met' : `missed by ${misses.length} of ${memberMeasured.length} measurements`}**.
`;
}

export async function run(argv) {
  const options = parseOptions(argv);
  const machine = machineFacts();
  const database = await ensureSeededDatabase(options.postgres, options.database, options.seedArgs, {
    reseed: options.reseed,
    log,
  });
  const inputs = await queryInputs(database.url);
  if (inputs.counts.photos !== options.photos) {
    throw new Error(
      `${options.database} holds ${inputs.counts.photos} photos, not ${options.photos}: use --reseed`,
    );
  }
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'pixeli-bench-search-'));
  let server;
  try {
    server = await startServer(dataDir, { DATABASE_URL: database.url, LOG_LEVEL: 'warn' });
    const viewers = [
      { label: 'member', token: await signIn(server, inputs.viewer.username), everyConcurrency: true },
      { label: 'admin', token: await signIn(server, inputs.admin), everyConcurrency: false },
    ];
    let queries = queriesFor(inputs);
    const probe = await fetch(`${server.url}/api/search/?q=s`, {
      headers: { authorization: `Bearer ${viewers[0].token}` },
    });
    await probe.text();
    const searchMissing = probe.status === 200 ? null : probe.status;
    if (searchMissing) queries = queries.filter((q) => q.endpoint !== 'search');

    const loadStart = loadAverage();
    const rows = await measureAll(server, viewers, queries, options);
    const load = { start: loadStart, end: loadAverage() };
    const markdown = report(options, argv, machine, { rows, inputs, database, load, searchMissing });
    console.log(markdown);
    if (options.write) {
      await writeSection('search', markdown);
      log('written to BENCHMARKS.md');
    }
  } catch (error) {
    if (server) console.error(server.output());
    throw error;
  } finally {
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

// Also runnable on its own: `node bench/search/run.mjs --requests 50` (after `npm run build`).
if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  run(process.argv.slice(2)).catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
