import { signedInContext } from './browser.mjs';

/**
 * Largest Contentful Paint and Cumulative Layout Shift of one page load of the feed (`/`), read
 * from the page's own PerformanceObservers (buffered, so nothing before the script ran is lost).
 * Cold: a new context, so an empty HTTP cache and no service worker. Warm: the same context
 * reloaded. Only the last LCP candidate counts, as Chrome reports it when the page is left.
 */

/** Runs in the page before any of its scripts: keeps every LCP and layout-shift entry. */
function observeLoad() {
  const kept = { lcp: [], shifts: [] };
  window.__benchLoad = kept;
  const describe = (el) =>
    el
      ? `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}`
      : null;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      kept.lcp.push({ startTime: e.startTime, size: e.size, url: e.url, element: describe(e.element) });
    }
  }).observe({ type: 'largest-contentful-paint', buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (!e.hadRecentInput) kept.shifts.push({ startTime: e.startTime, value: e.value });
    }
  }).observe({ type: 'layout-shift', buffered: true });
}

/** CLS as Chrome defines it: the worst session window (gaps under 1 s, at most 5 s long). */
export function clsOf(shifts) {
  let worst = 0;
  let window = 0;
  let first = 0;
  let last = -Infinity;
  for (const { startTime, value } of shifts) {
    if (startTime - last >= 1000 || startTime - first >= 5000) {
      window = 0;
      first = startTime;
    }
    window += value;
    last = startTime;
    worst = Math.max(worst, window);
  }
  return worst;
}

/** Waits for the network to go quiet, plus a moment for the last images to paint. */
async function settle(page) {
  await page.waitForLoadState('networkidle', { timeout: 30_000 }).catch(() => {});
  await page.waitForTimeout(500);
}

async function readLoad(page) {
  const { lcp, shifts, navigation, fcp, images, steps } = await page.evaluate(() => ({
    ...window.__benchLoad,
    navigation: performance.getEntriesByType('navigation')[0]?.toJSON(),
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
    images: document.images.length,
    // When the steps before the largest paint ended: what a trace's network track would show.
    steps: Object.fromEntries(
      [
        ['entry JS', (n) => /\/assets\/index-[^/]*\.js$/.test(n)],
        ['session refresh', (n) => n.includes('/api/auth/session/refresh/')],
        ['first feed page', (n) => n.includes('/api/photos/feed/')],
        ['first thumbnail', (n) => n.includes('/media/')],
      ].map(([step, test]) => {
        const entry = performance.getEntriesByType('resource').find((e) => test(new URL(e.name).pathname));
        return [step, entry ? entry.responseEnd : null];
      }),
    ),
  }));
  const last = lcp.at(-1) ?? null;
  return {
    lcp: last?.startTime ?? null,
    lcpElement: last
      ? `${last.element ?? '?'}${last.url ? ` (${last.url.replace(/\?.*$/, '').split('/').slice(-2).join('/')})` : ''}`
      : null,
    cls: clsOf(shifts),
    ttfb: navigation?.responseStart ?? null,
    fcp,
    images,
    steps,
  };
}

/** One cold load and one warm reload of `/` at `size`; returns both measurements. */
export async function measureFeedLoad(browser, server, size, username) {
  const context = await signedInContext(browser, server, size, username);
  try {
    await context.addInitScript(observeLoad);
    const page = await context.newPage();
    await page.goto('/', { waitUntil: 'load' });
    await settle(page);
    const cold = await readLoad(page);
    await page.reload({ waitUntil: 'load' });
    await settle(page);
    const warm = await readLoad(page);
    return { cold, warm };
  } finally {
    await context.close();
  }
}
