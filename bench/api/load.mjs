import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import autocannon from 'autocannon';

/**
 * One timed load on one route: autocannon with a fixed number of connections for a fixed time,
 * and the CPU the server and (on PostgreSQL) the database's backends spent meanwhile, per request.
 */

const TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) || 100;
  } catch {
    return 100;
  }
})();

/** utime + stime of a process in seconds, or undefined once it is gone. */
async function cpuOf(pid) {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return undefined;
  }
}

/**
 * CPU seconds of every PostgreSQL backend serving `database`, by pid: the server's pool
 * connections, so other work on the same PostgreSQL (other databases) is not counted.
 */
async function backendCpu(pg, database) {
  const { rows } = await pg.query(
    'select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
    [database],
  );
  const byPid = new Map();
  for (const { pid } of rows) {
    const s = await cpuOf(pid);
    if (s !== undefined) byPid.set(pid, s);
  }
  return byPid;
}

/** Backend CPU spent between two samples; a backend born in between counts from zero. */
function backendDelta(before, after) {
  let sum = 0;
  for (const [pid, s] of after) sum += s - (before.get(pid) ?? 0);
  return sum;
}

/**
 * Loads `requests` (autocannon request objects: one GET, or a POST then a DELETE) for `seconds`
 * with `connections` in flight. Throws if any answer was not 2xx or a connection errored: a
 * benchmark must never measure an error path.
 */
export async function timedLoad(target, { server, db, requests, connections, seconds, label }) {
  const cpuBefore = await server.cpuSeconds();
  const dbBefore = db ? await backendCpu(db.client, db.name) : undefined;
  const result = await autocannon({
    url: server.url,
    connections,
    duration: seconds,
    headers: target.headers,
    requests,
  });
  const cpuAfter = await server.cpuSeconds();
  const dbAfter = db ? await backendCpu(db.client, db.name) : undefined;
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
    throw new Error(
      `${label}: ${result.non2xx} non-2xx answers, ${result.errors} errors, ${result.timeouts} timeouts ` +
        `(status counts ${JSON.stringify(result.statusCodeStats)})`,
    );
  }
  const done = result.requests.total;
  return {
    perSecond: done / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: done,
    serverCpuMs: ((cpuAfter - cpuBefore) * 1000) / done,
    dbCpuMs: db ? (backendDelta(dbBefore, dbAfter) * 1000) / done : undefined,
  };
}
