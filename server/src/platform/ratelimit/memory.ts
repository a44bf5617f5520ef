import { decide, type RateLimiter } from './limiter.js';

/** Counters in this process only: right for one node, wrong behind a load balancer (use Redis). */
export function createMemoryRateLimiter(now: () => number = Date.now): RateLimiter {
  const windows = new Map<string, { count: number; resetAt: number }>();
  let hitsSinceSweep = 0;

  function sweep(at: number) {
    for (const [key, window] of windows) if (window.resetAt <= at) windows.delete(key);
  }

  return {
    kind: 'memory',
    async hit(key, limit, windowS, cost = 1) {
      const at = now();
      // Expired windows are dropped in batches so the map cannot grow without bound.
      if (++hitsSinceSweep >= 1000) {
        hitsSinceSweep = 0;
        sweep(at);
      }
      let window = windows.get(key);
      if (!window || window.resetAt <= at) {
        window = { count: 0, resetAt: at + windowS * 1000 };
        windows.set(key, window);
      }
      window.count += cost;
      return decide(window.count, limit, window.resetAt - at);
    },
    async reset(key) {
      windows.delete(key);
    },
    async close() {
      windows.clear();
    },
  };
}
