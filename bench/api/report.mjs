import { machineLine, table } from '../report.mjs';

/** The API benchmark's section of BENCHMARKS.md: one table per engine and size, then the targets. */

/** From the issue: reads at 50 connections against `/api/health/` in the same run, and likes per second. */
export const TARGETS = {
  postgres: { readRatio: 0.3, readP99Ms: 25, likesPerSecond: 1000 },
  embedded: { readRatio: 0.15, readP99Ms: undefined, likesPerSecond: 300 },
};
const TARGET_CONNECTIONS = 50;
const TARGET_READS = ['feed', 'events', 'gallery', 'photo'];

const ROUTE_LABELS = {
  feed: '`/api/photos/feed/?limit=50`',
  events: '`/api/events/`',
  gallery: '`/api/events/<id>/photos/?limit=50`',
  photo: '`/api/photos/<id>/`',
  notifications: '`/api/notifications/`',
  likes: '`POST`, `DELETE` `/api/photos/<id>/likes/`',
};

const count = (n) => n.toLocaleString('en-US');
const fixed = (n, digits = 0) => (n === undefined || !Number.isFinite(n) ? '–' : n.toFixed(digits));

/** Whether a row meets its target, and by how much it misses; undefined where no target applies. */
export function verdict(row) {
  if (row.connections !== TARGET_CONNECTIONS) return undefined;
  const t = TARGETS[row.engine];
  if (row.route === 'likes') {
    const ok = row.measured.perSecond >= t.likesPerSecond;
    return { ok, says: ok ? 'met' : `missed: ${fixed(row.measured.perSecond)}/s of ${t.likesPerSecond}/s` };
  }
  if (!TARGET_READS.includes(row.route)) return undefined;
  // A floor slower than the route it is the floor of stalled (seen on the embedded engine, whose
  // one connection can be held up by a checkpoint): no verdict can rest on it.
  if (row.health.perSecond < row.measured.perSecond)
    return { ok: false, says: 'not judged: the health run stalled' };
  const ratio = row.measured.perSecond / row.health.perSecond;
  const ratioOk = ratio >= t.readRatio;
  const p99Ok = t.readP99Ms === undefined || row.measured.p99 < t.readP99Ms;
  const misses = [
    ratioOk ? null : `${fixed(ratio, 2)}× of ${t.readRatio}×`,
    p99Ok ? null : `p99 ${row.measured.p99} ms of <${t.readP99Ms} ms`,
  ].filter(Boolean);
  return { ok: misses.length === 0, says: misses.length ? `missed: ${misses.join(', ')}` : 'met' };
}

function runTable(run) {
  return table(
    [
      'as',
      'conns',
      'route',
      'req/s',
      'p50 ms',
      'p99 ms',
      'health req/s',
      'vs health',
      'server CPU ms/req',
      'DB CPU ms/req',
      'target',
    ],
    run.rows.map((r) => {
      const v = verdict(r);
      return [
        r.viewer,
        String(r.connections),
        ROUTE_LABELS[r.route],
        fixed(r.measured.perSecond),
        String(r.measured.p50),
        String(r.measured.p99),
        fixed(r.health.perSecond),
        `${fixed(r.measured.perSecond / r.health.perSecond, 2)}×`,
        fixed(r.measured.serverCpuMs, 2),
        r.engine === 'embedded' ? 'in server' : fixed(r.measured.dbCpuMs, 2),
        v ? (v.ok ? 'met' : `**${v.says}**`) : '',
      ];
    }),
  );
}

function resultLine(verdicts, missed) {
  if (verdicts.length === 0) return `not judged: no route was measured at ${TARGET_CONNECTIONS} connections`;
  return missed.length === 0 ? `all ${verdicts.length} met` : `${missed.length} of ${verdicts.length} missed`;
}

export function reportMarkdown({ options, argv, machine, started, ended, runs }) {
  const sections = runs.map((run) => {
    const c = run.inputs.counts;
    const m = run.data.marker;
    return `### ${run.data.engine === 'postgres' ? `PostgreSQL ${c.version}` : 'embedded (PGlite)'}, ${count(c.photos)} photos

Data: \`pixeli ${m.args}\` (seeded ${m.seededAt} UTC in ${m.seconds.toFixed(1)} s${run.data.reused ? ', reused' : ''}):
${count(c.users)} people, ${count(c.events)} events, ${count(c.photos)} photos, ${count(c.likes)} likes,
${count(c.notifications)} notifications. The member is \`${run.inputs.member.username}\` (member of
${run.inputs.member.events} events, ${run.inputs.member.private} private); the gallery is "${run.inputs.event.title}"
(${count(run.inputs.event.photos)} photos). Server resident memory at the end ${fixed(run.rss.rss / 1e6)} MB (peak ${fixed(run.rss.peakRss / 1e6)} MB).

${runTable(run)}`;
  });
  const verdicts = runs.flatMap((run) => run.rows.map((r) => ({ r, v: verdict(r) }))).filter((x) => x.v);
  const missed = verdicts.filter((x) => !x.v.ok);
  return `## api: the read paths and likes, beside \`/api/health/\`

Run ${started.at.toISOString().slice(0, 16).replace('T', ' ')} UTC with \`npm run bench -- api${argv.length ? ` ${argv.join(' ')}` : ''}\`.

Machine: ${machineLine(machine)}. 1-minute load average before the run ${started.load}, after it ${ended.load}
(the load generator, the server and PostgreSQL share these cores).

Method: one real \`pixeli serve\` per engine and size (\`LOG_LEVEL=warn\`, the web app off, PostgreSQL's
pool of 10 connections), signed in as an ordinary member and as the administrator. For each route,
autocannon runs \`/api/health/\` (HTTP plus \`select 1\`: the floor) for ${options.seconds} s, then the route for ${options.seconds} s
with the same number of connections; every answer must be 2xx. Pages are 50 photos. Likes: each
connection likes one of the gallery's photos and takes the like back, over and over; each \`POST\` and
each \`DELETE\` counts as one request. CPU per request is the server process's (and on PostgreSQL,
its backends') CPU time during the route's run divided by the requests answered; on the embedded
engine the database runs inside the server. An untimed second of every route comes first.

Targets (issue 12, at ${TARGET_CONNECTIONS} connections): PostgreSQL reads (feed, gallery, events, one photo)
≥ ${TARGETS.postgres.readRatio}× health with p99 under ${TARGETS.postgres.readP99Ms} ms, likes ≥ ${count(TARGETS.postgres.likesPerSecond)}/s; embedded reads ≥ ${TARGETS.embedded.readRatio}× health,
likes ≥ ${TARGETS.embedded.likesPerSecond}/s. Result: **${resultLine(verdicts, missed)}**.

${sections.join('\n\n')}
`;
}
