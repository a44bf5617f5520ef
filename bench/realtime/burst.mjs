import os from 'node:os';
import { now } from './sockets.mjs';

/**
 * A burst of likes, each timed from just before its POST until the photographer's sockets hold the
 * matching `notification` (matched by photo and liker: every push carries the row its own like
 * wrote, so likes for one photographer may be in flight together). Two ways to send them:
 *
 * - `{ inFlight: n }`, a closed loop: n lanes, each sending its next like once the last one was
 *   delivered. Past the server's capacity the time is mostly queueing (Little's law: n / rate).
 * - `{ perSecond: r }`, an open loop: likes start on a fixed schedule whatever became of the
 *   earlier ones, as when many people react to a photo at their own moments.
 */

/** How long a like may take to reach its sockets before it counts as lost. */
export const DELIVERY_TIMEOUT_MS = 15_000;

/** CPU seconds every core of the machine has spent busy so far, whoever used them. */
function machineBusySeconds() {
  return os.cpus().reduce((sum, { times: t }) => sum + (t.user + t.nice + t.sys + t.irq) / 1000, 0);
}

const ownCpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** How a load is named in tables and logs. */
export const loadName = (load) =>
  load.inFlight ? `${load.inFlight} in flight` : `${load.perSecond}/s paced`;

async function sendLike(server, clients, like) {
  const delivery = clients.expectDelivery(like, DELIVERY_TIMEOUT_MS);
  const sent = now();
  const res = await fetch(`${server.url}/api/photos/${like.photo}/likes/`, {
    method: 'POST',
    headers: { authorization: `Bearer ${like.token}` },
  });
  const body = await res.text();
  const answered = now();
  if (res.status !== 201) throw new Error(`like answered ${res.status}: ${body}`);
  const delivered = await delivery;
  return {
    post: answered - sent,
    first: delivered ? delivered.first - sent : null,
    last: delivered ? delivered.last - sent : null,
  };
}

async function closedLoop(server, clients, plan, inFlight) {
  const queue = [...plan];
  const results = [];
  const lane = async () => {
    for (let like = queue.shift(); like; like = queue.shift()) {
      results.push(await sendLike(server, clients, like));
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  return results;
}

async function openLoop(server, clients, plan, perSecond) {
  const start = now();
  return Promise.all(
    plan.map(async (like, i) => {
      await sleep(start + (1000 * i) / perSecond - now());
      return sendLike(server, clients, like);
    }),
  );
}

export async function runBurst(server, clients, plan, load) {
  const cpuBefore = await server.cpuSeconds();
  const clientsBefore = await clients.usage();
  const machineBefore = machineBusySeconds();
  const ownBefore = ownCpuSeconds();
  const start = now();
  const results = load.inFlight
    ? await closedLoop(server, clients, plan, load.inFlight)
    : await openLoop(server, clients, plan, load.perSecond);
  const seconds = (now() - start) / 1000;
  const machine = machineBusySeconds() - machineBefore;
  const own = ownCpuSeconds() - ownBefore;
  const serverCpuSeconds = (await server.cpuSeconds()) - cpuBefore;
  const clientsAfter = await clients.usage();
  const clientCpuSeconds = clientsAfter.reduce(
    (sum, u, i) => sum + u.cpuSeconds - clientsBefore[i].cpuSeconds,
    0,
  );
  return {
    results,
    seconds,
    serverCpuSeconds,
    clientCpuSeconds,
    // Whatever else ran on the machine meanwhile, in cores: it competed for the same two.
    otherCores: Math.max(0, machine - serverCpuSeconds - clientCpuSeconds - own) / seconds,
  };
}

/** The value below which `q` of the sorted values lie (nearest rank). */
export function percentile(sorted, q) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export function summarize(values) {
  const sorted = values.filter((v) => v !== null).sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    max: sorted.at(-1) ?? NaN,
  };
}
