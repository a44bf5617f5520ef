import { useEffect, useState } from 'react';

/**
 * A wait that ends at a moment, not after a number of ticks: a phone that sleeps with the screen
 * open still shows the right number when it wakes, because every tick measures from the clock.
 */
export function secondsUntil(deadline: number, now: number): number {
  return Math.max(0, Math.ceil((deadline - now) / 1000));
}

/** How long to wait before asking again: the server's Retry-After when it gave one, else our own pace. */
export function waitAfter(retryAfterSeconds: number | null | undefined, fallbackSeconds: number): number {
  return retryAfterSeconds && retryAfterSeconds > 0 ? retryAfterSeconds : fallbackSeconds;
}

/** `m:ss` for a wait a person reads at a glance. */
export function formatWait(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return `${m}:${String(s).padStart(2, '0')}`;
}

/** Seconds left until `deadline` (ms since epoch, or null for none), re-rendering each second until 0. */
export function useSecondsUntil(deadline: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (deadline === null) return;
    setNow(Date.now());
    const timer = setInterval(() => {
      const current = Date.now();
      setNow(current);
      if (current >= deadline) clearInterval(timer);
    }, 250);
    return () => clearInterval(timer);
  }, [deadline]);
  return deadline === null ? 0 : secondsUntil(deadline, now);
}
