/**
 * A closed-loop load generator: `concurrency` requests in flight, each sent as soon as the one
 * before it answered, for a fixed number of requests after an untimed warm-up. Each latency runs
 * from sending the request until its whole body has arrived.
 */

async function timedGet(baseUrl, route, token) {
  const started = performance.now();
  const res = await fetch(`${baseUrl}${route}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  const body = await res.text();
  const ms = performance.now() - started;
  // A benchmark must never measure an error path.
  if (res.status !== 200) throw new Error(`GET ${route} answered ${res.status}: ${body.slice(0, 500)}`);
  return { ms, body };
}

async function inFlight(count, concurrency, send) {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next += 1;
      await send();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted, q) {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

/**
 * Latencies of `GET route` as `token`'s owner: p50/p95/p99/max in ms and requests per second,
 * plus the first answer's body (to count what it found).
 */
export async function measureRoute(baseUrl, route, token, { warmup, requests, concurrency }) {
  let firstBody;
  await inFlight(warmup, concurrency, async () => {
    const { body } = await timedGet(baseUrl, route, token);
    firstBody ??= body;
  });
  const latencies = [];
  const started = performance.now();
  await inFlight(requests, concurrency, async () => {
    const { ms, body } = await timedGet(baseUrl, route, token);
    firstBody ??= body;
    latencies.push(ms);
  });
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    p50: percentile(latencies, 0.5),
    p95: percentile(latencies, 0.95),
    p99: percentile(latencies, 0.99),
    max: latencies[latencies.length - 1],
    perSecond: requests / seconds,
    body: firstBody,
  };
}
