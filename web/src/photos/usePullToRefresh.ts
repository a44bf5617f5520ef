import { useEffect, useRef, useState } from 'react';

/** How far (px, after damping) the finger must pull before letting go refreshes. */
export const PULL_THRESHOLD = 72;
const MAX_PULL = 110;
/** The finger moves further than the indicator, as a rubber band does. */
const DAMPING = 0.5;

/**
 * A touch pull-down at the very top of the page: while the page is scrolled to 0 and the finger
 * moves down, `pull` grows (damped); letting go past the threshold calls `refresh` and holds
 * the indicator until it settles. The browser's own pull-to-reload is turned off meanwhile so
 * the two do not both fire.
 */
export function usePullToRefresh(refresh: () => Promise<unknown>) {
  const [pull, setPull] = useState(0);
  const [refreshing, setRefreshing] = useState(false);
  const latest = useRef(refresh);
  latest.current = refresh;

  useEffect(() => {
    const root = document.documentElement;
    const previous = root.style.overscrollBehaviorY;
    root.style.overscrollBehaviorY = 'contain';
    let startY: number | null = null;
    let distance = 0;
    let busy = false;

    const onStart = (event: TouchEvent) => {
      startY =
        window.scrollY <= 0 && !busy && event.touches.length === 1
          ? (event.touches[0]?.clientY ?? null)
          : null;
      distance = 0;
    };
    const onMove = (event: TouchEvent) => {
      if (startY === null) return;
      const dy = (event.touches[0]?.clientY ?? startY) - startY;
      if (dy <= 0 || window.scrollY > 0) {
        distance = 0;
        setPull(0);
        return;
      }
      // Pulling: the page must not scroll or bounce under the finger.
      if (event.cancelable) event.preventDefault();
      distance = Math.min(MAX_PULL, dy * DAMPING);
      setPull(distance);
    };
    const onEnd = () => {
      if (startY === null) return;
      startY = null;
      if (distance < PULL_THRESHOLD) {
        setPull(0);
        return;
      }
      busy = true;
      setRefreshing(true);
      setPull(PULL_THRESHOLD);
      latest
        .current()
        .catch(() => {})
        .finally(() => {
          busy = false;
          setRefreshing(false);
          setPull(0);
        });
    };
    window.addEventListener('touchstart', onStart, { passive: true });
    window.addEventListener('touchmove', onMove, { passive: false });
    window.addEventListener('touchend', onEnd);
    window.addEventListener('touchcancel', onEnd);
    return () => {
      root.style.overscrollBehaviorY = previous;
      window.removeEventListener('touchstart', onStart);
      window.removeEventListener('touchmove', onMove);
      window.removeEventListener('touchend', onEnd);
      window.removeEventListener('touchcancel', onEnd);
    };
  }, []);

  return { pull, refreshing };
}
