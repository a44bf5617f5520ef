import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_REDIS_URL } from '../../test/engines.js';
import type { RateLimiter } from './limiter.js';
import { createMemoryRateLimiter } from './memory.js';
import { createRedisRateLimiter } from './redis.js';

/** The same behaviour from both drivers: the memory one for a single node, Redis for many. */
function limiterContract(make: () => RateLimiter) {
  it('allows up to the limit, then refuses with the time left in the window', async () => {
    const limiter = make();
    const key = `k-${randomBytes(4).toString('hex')}`;
    const decisions = [];
    for (let i = 0; i < 4; i++) decisions.push(await limiter.hit(key, 3, 60));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false]);
    expect(decisions.map((d) => d.remaining)).toEqual([2, 1, 0, 0]);
    expect(decisions[3]?.retryAfterS).toBeGreaterThan(0);
    expect(decisions[3]?.retryAfterS).toBeLessThanOrEqual(60);
  });

  it('counts a cost, such as bytes, and sets the window on the first hit', async () => {
    const limiter = make();
    const key = `c-${randomBytes(4).toString('hex')}`;
    expect(await limiter.hit(key, 1000, 60, 600)).toMatchObject({ allowed: true, remaining: 400 });
    const over = await limiter.hit(key, 1000, 60, 500);
    expect(over.allowed).toBe(false);
    expect(over.retryAfterS).toBeGreaterThan(50);
    expect(over.retryAfterS).toBeLessThanOrEqual(60);
  });

  it('keeps keys apart and forgets a key on reset', async () => {
    const limiter = make();
    const a = `a-${randomBytes(4).toString('hex')}`;
    const b = `b-${randomBytes(4).toString('hex')}`;
    await limiter.hit(a, 1, 60);
    expect((await limiter.hit(a, 1, 60)).allowed).toBe(false);
    expect((await limiter.hit(b, 1, 60)).allowed).toBe(true);
    await limiter.reset(a);
    expect((await limiter.hit(a, 1, 60)).allowed).toBe(true);
  });
}

describe('memory rate limiter', () => {
  limiterContract(() => createMemoryRateLimiter());

  it('opens a new window once the old one has passed', async () => {
    let now = 1_000_000;
    const limiter = createMemoryRateLimiter(() => now);
    expect((await limiter.hit('k', 1, 10)).allowed).toBe(true);
    expect((await limiter.hit('k', 1, 10)).allowed).toBe(false);
    now += 10_001;
    expect((await limiter.hit('k', 1, 10)).allowed).toBe(true);
  });
});

const onRedis = TEST_REDIS_URL ? describe : describe.skip;
onRedis(`Redis rate limiter${TEST_REDIS_URL ? '' : ' (skipped: PIXELI_TEST_REDIS_URL not set)'}`, () => {
  const redis = TEST_REDIS_URL ? new Redis(TEST_REDIS_URL) : (null as unknown as Redis);
  const prefix = `pixeli:test:${randomBytes(4).toString('hex')}:`;
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  limiterContract(() => createRedisRateLimiter(redis, prefix));

  it('shares counters between two nodes', async () => {
    const nodeA = createRedisRateLimiter(redis, prefix);
    const nodeB = createRedisRateLimiter(redis, prefix);
    expect((await nodeA.hit('shared', 2, 60)).allowed).toBe(true);
    expect((await nodeB.hit('shared', 2, 60)).allowed).toBe(true);
    expect((await nodeA.hit('shared', 2, 60)).allowed).toBe(false);
    expect(await redis.pttl(`${prefix}shared`)).toBeGreaterThan(0);
  });
});
