import { signedInContext } from './browser.mjs';

/**
 * Scrolls the feed from top to bottom at a steady, finger-like speed, one step per animation
 * frame, loading pages as the app asks for them, and counts what a person would feel: long tasks
 * (the main thread busy > 50 ms), the longest one, frames that came late (more than two 60 Hz
 * frames apart) and how many <img> elements the page held at most (a list that never lets go of
 * its rows grows without end).
 */

/** Pixels per second: a calm fling through a grid, about three phone screens a second. */
export const SCROLL_SPEED = 2400;
/** At the bottom, how long to wait for the next page before calling it the end. */
const END_WAIT_MS = 4000;
/** A scroll that never ends (a list that keeps growing) is cut off after this long. */
const MAX_SCROLL_MS = 240_000;
const FRAME_MS = 1000 / 60;

/** Runs in the page: scrolls whatever scrolls the feed to its end and reports what it saw. */
function scrollToEnd({ speed, endWaitMs, maxMs, frameMs }) {
  const longTasks = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longTasks.push({ start: e.startTime, duration: e.duration });
  });
  observer.observe({ type: 'longtask' });
  // The feed may scroll the window or an element of its own: take whichever can scroll furthest.
  const scroller = () => {
    const candidates = [document.scrollingElement];
    for (const el of document.querySelectorAll('*')) {
      const { overflowY } = getComputedStyle(el);
      if ((overflowY === 'auto' || overflowY === 'scroll') && el.scrollHeight > el.clientHeight)
        candidates.push(el);
    }
    return candidates.reduce((a, b) =>
      b.scrollHeight - b.clientHeight > a.scrollHeight - a.clientHeight ? b : a,
    );
  };
  return new Promise((resolve) => {
    let el = scroller();
    const started = performance.now();
    let previous = started;
    let atEndSince = null;
    let frames = 0;
    let dropped = 0;
    let worstFrame = 0;
    let maxImages = document.images.length;
    const step = (now) => {
      const delta = now - previous;
      previous = now;
      frames += 1;
      if (delta > 2 * frameMs) dropped += 1;
      worstFrame = Math.max(worstFrame, delta);
      if (frames % 5 === 0) maxImages = Math.max(maxImages, document.images.length);
      if (el.scrollHeight - el.clientHeight < 10) el = scroller();
      const before = el.scrollTop;
      el.scrollTop = before + (speed * Math.min(delta, 100)) / 1000;
      const atEnd = el.scrollTop + el.clientHeight >= el.scrollHeight - 2;
      atEndSince = atEnd ? (atEndSince ?? now) : null;
      if ((atEndSince !== null && now - atEndSince > endWaitMs) || now - started > maxMs) {
        observer.disconnect();
        resolve({
          seconds: (now - started) / 1000,
          distance: el.scrollTop,
          cutOff: now - started > maxMs,
          frames,
          dropped,
          worstFrame,
          maxImages: Math.max(maxImages, document.images.length),
          longTasks,
        });
        return;
      }
      requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  });
}

/** Opens the feed at `size`, waits for it to settle, then scrolls it to the end. */
export async function measureScroll(browser, server, size, username) {
  const context = await signedInContext(browser, server, size, username);
  try {
    const page = await context.newPage();
    await page.goto('/', { waitUntil: 'load' });
    await page.waitForLoadState('networkidle', { timeout: 30_000 }).catch(() => {});
    const result = await page.evaluate(scrollToEnd, {
      speed: SCROLL_SPEED,
      endWaitMs: END_WAIT_MS,
      maxMs: MAX_SCROLL_MS,
      frameMs: FRAME_MS,
    });
    const durations = result.longTasks.map((t) => t.duration);
    return {
      ...result,
      longTaskCount: durations.length,
      longestTask: durations.length ? Math.max(...durations) : 0,
      over100: durations.filter((d) => d > 100).length,
    };
  } finally {
    await context.close();
  }
}
