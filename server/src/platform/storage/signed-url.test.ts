import { describe, expect, it } from 'vitest';
import { stableExpiry } from './signed-url.js';

describe('stableExpiry', () => {
  it('gives one expiry for every signing within a quarter of the lifetime, so URLs stay cacheable', () => {
    const ttl = 3600;
    const windowStart = 1_800_000_000 - (1_800_000_000 % 900);
    const expiries = new Set([0, 1, 300, 899].map((offset) => stableExpiry(windowStart + offset, ttl)));
    expect(expiries.size).toBe(1);
    expect(stableExpiry(windowStart + 900, ttl)).toBeGreaterThan([...expiries][0]!);
  });

  it('never outlives the lifetime and never expires before a quarter of it is left', () => {
    for (const ttl of [1, 2, 60, 300, 3600]) {
      for (let now = 1_000_000; now < 1_000_000 + 2 * ttl; now += Math.max(1, Math.floor(ttl / 7))) {
        const exp = stableExpiry(now, ttl);
        expect(exp).toBeLessThanOrEqual(now + ttl);
        expect(exp).toBeGreaterThan(now);
        expect(exp - now).toBeGreaterThanOrEqual(Math.min(ttl, Math.ceil((3 * ttl) / 4)));
      }
    }
  });
});
