import type { Redis } from 'ioredis';
import { decide, type RateLimiter } from './limiter.js';

// INCRBY and set the expiry on the first hit in one round trip, atomically, then report the TTL left.
const HIT_SCRIPT = `
local count = redis.call('INCRBY', KEYS[1], ARGV[2])
if count == tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {count, ttl}
`;

/** Counters shared by every node through Redis. */
export function createRedisRateLimiter(redis: Redis, prefix: string): RateLimiter {
  return {
    kind: 'redis',
    async hit(key, limit, windowS, cost = 1) {
      const [count, ttlMs] = (await redis.eval(
        HIT_SCRIPT,
        1,
        prefix + key,
        String(windowS * 1000),
        String(cost),
      )) as [number, number];
      return decide(count, limit, ttlMs);
    },
    async reset(key) {
      await redis.del(prefix + key);
    },
    async close() {},
  };
}
