import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

/**
 * Sums a V8 `.cpuprofile` (what `BENCH_CPU_PROF_DIR` makes the benchmark's server write) by self
 * time: per area (sharp's JS, the database, HTTP, the app, Node's own, GC, idle), per file and per
 * function. Usage:
 *
 *   node bench/ingest/profile-summary.mjs <file.cpuprofile> [--top 40] [--skip s] [--until s] [--from fn]
 *
 * `--from bulkUpload` starts the window at the first sample with that function on its stack (the
 * first upload), leaving the server's start-up out.
 *
 * A V8 profile sees the main thread only: libvips decoding and encoding on libuv's and libvips'
 * own threads never appear in it, only the JS that starts them and waits. So the sharp line is
 * sharp's JS wrapper; the image work itself is the server's CPU (from /proc) minus the profile's
 * busy time, which the benchmark reports per thread group.
 */

const USAGE =
  'usage: profile-summary.mjs <file.cpuprofile> [--top N] [--skip s] [--until s] [--from function]';

/** Where a frame's code lives, from its URL: the first rule that matches names it. */
const AREAS = [
  ['sharp (JS wrapper)', /node_modules\/sharp\//],
  ['exifr', /node_modules\/exifr\//],
  ['thumbhash', /node_modules\/thumbhash\//],
  ['database: PGlite', /@electric-sql\/pglite|^wasm:/],
  ['database: drizzle', /drizzle-orm/],
  ['database: pg / postgres', /node_modules\/(pg|pg-[a-z-]+|postgres)\//],
  ['HTTP: multipart (busboy)', /@fastify\/busboy|node_modules\/busboy/],
  ['HTTP: fastify and plugins', /node_modules\/(fastify|@fastify|fast-|find-my-way|light-my-request|avvio)/],
  ['validation: zod', /node_modules\/zod/],
  ['logging: pino', /node_modules\/(pino|sonic-boom|thread-stream)/],
  ['app: server/dist', /server\/dist\//],
  ['contract', /packages\/contract/],
  ['other node_modules', /node_modules\//],
];

const PSEUDO = new Set(['(idle)', '(garbage collector)', '(program)', '(root)']);

const NODE_OWN = /^node:|^internal\//;

/**
 * Time is charged to whoever asked for it: a native function (fs bindings such as `writeBuffer`,
 * `lstat`: no script URL) or Node's own JS belongs to the area of the nearest caller outside Node,
 * so PGlite's synchronous file system counts as PGlite and a hash update as the code that hashes.
 * Only what the event loop runs with no such caller (socket reads, timers) stays Node's.
 */
function areaOf(node, parents) {
  const { functionName } = node.callFrame;
  if (PSEUDO.has(functionName)) return functionName;
  let nodeOwn = false;
  for (let n = node; n; n = parents.get(n.id)) {
    const { url } = n.callFrame;
    if (!url) continue;
    if (NODE_OWN.test(url)) {
      nodeOwn = true;
      continue;
    }
    return AREAS.find(([, re]) => re.test(url))?.[0] ?? 'other';
  }
  return nodeOwn ? 'Node internals (event loop, no caller)' : 'native (no script)';
}

const shortUrl = (url) =>
  url
    .replace(/^file:\/\//, '')
    .replace(/^.*?node_modules\//, '~/')
    .replace(/^.*?\/server\/dist\//, 'dist/');

/** Self milliseconds per node id, counting only samples between `skip` and `until` seconds. */
function selfTimes(profile, { skip, until }) {
  const self = new Map();
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    const at = (t - profile.startTime) / 1e6;
    if (at < skip || at > until) continue;
    // A sample's delta is the time since the previous one: charge it to this sample's node.
    const ms = profile.timeDeltas[i] / 1000;
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + ms);
  }
  return self;
}

function sumBy(entries, keyOf) {
  const sums = new Map();
  for (const [node, ms] of entries) {
    const key = keyOf(node);
    sums.set(key, (sums.get(key) ?? 0) + ms);
  }
  return [...sums.entries()].sort((a, b) => b[1] - a[1]);
}

function timeline(profile) {
  const idleIds = new Set(
    profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id),
  );
  const perSecond = [];
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    const second = Math.floor((t - profile.startTime) / 1e6);
    perSecond[second] =
      (perSecond[second] ?? 0) + (idleIds.has(profile.samples[i]) ? 0 : profile.timeDeltas[i] / 1000);
  }
  // Idle stretches (a server waiting between runs) are left out.
  return Array.from(perSecond, (ms, second) => (ms > 20 ? `${second}s:${ms.toFixed(0)}` : '')).filter(
    Boolean,
  );
}

/** Seconds from the profile's start to the first sample with `functionName` on its stack. */
function firstSampleOf(profile, functionName, parents, byId) {
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    for (let n = byId.get(profile.samples[i]); n; n = parents.get(n.id)) {
      if (n.callFrame.functionName === functionName) return (t - profile.startTime) / 1e6;
    }
  }
  throw new Error(`no sample has ${functionName} on its stack`);
}

export function summarise(profile, { top = 40, skip = 0, until = Number.POSITIVE_INFINITY, from } = {}) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node);
  if (from) skip = Math.max(skip, firstSampleOf(profile, from, parents, byId));
  const entries = [...selfTimes(profile, { skip, until })].map(([id, ms]) => [byId.get(id), ms]);
  const total = entries.reduce((sum, [, ms]) => sum + ms, 0);
  const idle = entries
    .filter(([n]) => n.callFrame.functionName === '(idle)')
    .reduce((s, [, ms]) => s + ms, 0);
  const busy = total - idle;
  const pct = (ms, of) => `${((100 * ms) / of).toFixed(1).padStart(5)} %`;
  const line = (ms, label) => `${ms.toFixed(0).padStart(8)} ms ${pct(ms, busy)}  ${label}`;

  const out = [];
  out.push(
    `window: ${skip.toFixed(2)} s to ${Math.min(until, (profile.endTime - profile.startTime) / 1e6).toFixed(2)} s of the profile`,
  );
  out.push(`profile: ${(total / 1000).toFixed(2)} s sampled, ${(busy / 1000).toFixed(2)} s busy (not idle)`);
  out.push('', 'by area (percent of busy time):');
  for (const [area, ms] of sumBy(entries, (n) => areaOf(n, parents))) {
    if (area !== '(idle)') out.push(line(ms, area));
  }
  out.push('', `by file, top ${top}:`);
  const files = sumBy(entries, (n) => n.callFrame.url || n.callFrame.functionName);
  for (const [file, ms] of files.slice(0, top)) {
    if (file !== '(idle)') out.push(line(ms, shortUrl(file)));
  }
  out.push('', `by function, top ${top}:`);
  const functions = sumBy(entries, (n) => {
    const { functionName, url, lineNumber } = n.callFrame;
    return url ? `${functionName || '(anonymous)'}  ${shortUrl(url)}:${lineNumber + 1}` : functionName;
  });
  for (const [fn, ms] of functions.slice(0, top)) {
    if (fn !== '(idle)') out.push(line(ms, fn));
  }
  out.push('', 'busy ms per second of the profile (to pick --skip and --until):');
  out.push(timeline(profile).join(' '));
  return out.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      top: { type: 'string', default: '40' },
      skip: { type: 'string', default: '0' },
      until: { type: 'string', default: 'Infinity' },
      from: { type: 'string' },
    },
  });
  if (positionals.length !== 1) {
    console.error(USAGE);
    process.exit(2);
  }
  const profile = JSON.parse(await readFile(positionals[0], 'utf8'));
  console.log(
    summarise(profile, {
      top: Number(values.top),
      skip: Number(values.skip),
      until: Number(values.until),
      from: values.from,
    }),
  );
}
