import os from 'node:os';
import { now } from './sockets.mjs';

/**
 * A burst of likes, `concurrency` at a time, each timed from just before its POST until the
 * photographer's sockets hold the matching `notification`.
 *
 * A photographer has at most one like in flight: the server pushes a person's newest notification
 * after each commit, so two likes for one person committing close together can both push the
 * later one, and the earlier like would have no message of its own to time.
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

export async function runBurst(server, clients, plan, concurrency) {
  const queue = [...plan];
  const busy = new Set();
  let wakers = [];
  const results = [];

  const take = async () => {
    for (;;) {
      if (queue.length === 0) return null;
      const at = queue.findIndex((like) => !busy.has(like.owner));
      if (at >= 0) {
        const [like] = queue.splice(at, 1);
        busy.add(like.owner);
        return like;
      }
      await new Promise((resolve) => wakers.push(resolve));
    }
  };

  const lane = async () => {
    for (let like = await take(); like; like = await take()) {
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
      results.push({
        post: answered - sent,
        first: delivered ? delivered.first - sent : null,
        last: delivered ? delivered.last - sent : null,
      });
      busy.delete(like.owner);
      const waiting = wakers;
      wakers = [];
      for (const wake of waiting) wake();
    }
  };

  const cpuBefore = await server.cpuSeconds();
  const clientsBefore = await clients.usage();
  const machineBefore = machineBusySeconds();
  const ownBefore = ownCpuSeconds();
  const start = now();
  await Promise.all(Array.from({ length: concurrency }, lane));
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
