/**
 * Fixed-window counters for abuse limits. `hit` counts `cost` (one attempt, or e.g. a file's bytes)
 * against `key` and says whether the total is still allowed; when refused, `retryAfterS` is how long
 * until the window resets.
 */
export interface RateLimiter {
  readonly kind: 'memory' | 'redis';
  hit(key: string, limit: number, windowS: number, cost?: number): Promise<RateDecision>;
  /** Forget a key, e.g. after a successful sign-in clears its failure counter. */
  reset(key: string): Promise<void>;
  close(): Promise<void>;
}

export interface RateDecision {
  allowed: boolean;
  remaining: number;
  retryAfterS: number;
}

export function decide(count: number, limit: number, ttlMs: number): RateDecision {
  return {
    allowed: count <= limit,
    remaining: Math.max(0, limit - count),
    retryAfterS: Math.max(1, Math.ceil(ttlMs / 1000)),
  };
}
