import { table } from '../report.mjs';
import { SCROLL_SPEED } from './scroll.mjs';

/** The web benchmark's section of BENCHMARKS.md: its numbers beside issue 11's targets. */

export const TARGETS = {
  initialJsBytes: 150_000,
  warmLcpMs: 1000,
  cls: 0.02,
  longTaskMs: 100,
};

const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
const ms = (v) => (v === null || v === undefined ? 'none' : `${Math.round(v)} ms`);
const seconds = (v) => (v === null ? 'none' : `${(v / 1000).toFixed(2)} s`);
const verdict = (met) => (met ? 'met' : '**missed**');

function bundleTables(bundle) {
  const first = table(
    ['first load (index.html)', 'gzip (level 9)', 'target', ''],
    [
      [
        'JS: entry + modulepreloads',
        kB(bundle.initialJs),
        '< 150 kB',
        verdict(bundle.initialJs < TARGETS.initialJsBytes),
      ],
      ['CSS', kB(bundle.initialCss), '', ''],
    ],
  );
  const largest = table(
    ['largest chunks', 'loaded', 'raw', 'gzip'],
    bundle.chunks
      .slice(0, 8)
      .map((c) => [`\`${c.file}\``, c.initial ? 'at first load' : 'lazily', kB(c.raw), kB(c.gzip)]),
  );
  return [first, '', largest];
}

function loadTable(loads) {
  const rows = [];
  for (const [size, { cold, warm }] of Object.entries(loads)) {
    for (const [kind, m] of [
      ['cold', cold],
      ['warm', warm],
    ]) {
      const lcpMet = kind === 'warm' ? verdict(m.lcp !== null && m.lcp < TARGETS.warmLcpMs) : '';
      rows.push([
        `${size}, ${kind}`,
        seconds(m.lcp),
        m.lcps.map((v) => (v === null ? '-' : (v / 1000).toFixed(2))).join(', '),
        lcpMet,
        m.cls.toFixed(3),
        verdict(m.cls < TARGETS.cls),
        ms(m.ttfb),
        ms(m.fcp),
        m.lcpElement ? `\`${m.lcpElement}\`` : 'none',
        String(m.images),
      ]);
    }
  }
  return table(
    [
      'feed `/`',
      'LCP (median)',
      'each run (s)',
      '< 1.0 s warm',
      'CLS',
      '< 0.02',
      'TTFB',
      'FCP',
      'LCP element',
      '<img>',
    ],
    rows,
  );
}

function scrollTable(scrolls) {
  return table(
    [
      'scroll',
      'scrolled',
      'frames',
      'late (> 33 ms)',
      'worst frame',
      'long tasks',
      'longest',
      '> 100 ms',
      '',
      'max <img>',
    ],
    Object.entries(scrolls).map(([size, s]) => [
      size,
      `${Math.round(s.distance)} px in ${s.seconds.toFixed(1)} s${s.cutOff ? ' (cut off)' : ''}`,
      String(s.frames),
      `${s.dropped} (${((100 * s.dropped) / Math.max(1, s.frames)).toFixed(1)} %)`,
      ms(s.worstFrame),
      String(s.longTaskCount),
      ms(s.longestTask),
      String(s.over100),
      verdict(s.over100 === 0),
      String(s.maxImages),
    ]),
  );
}

/** Fewer pictures than this on a first screen of 1,000 photos means the feed is not showing them. */
const FEW_IMAGES = 6;

/**
 * Targets met by a screen that shows nothing prove nothing: say so when the feed showed next to no
 * pictures, or the scroll found nothing to scroll (a placeholder screen, or a broken one).
 */
function caveats({ loads, scrolls }) {
  const lines = [];
  for (const [size, { warm }] of Object.entries(loads)) {
    if (warm.images < FEW_IMAGES) {
      lines.push(
        `- ${size}: the feed held ${warm.images} \`<img>\` once loaded, with 1,000 photos behind it: it does not show them (yet), so its LCP and CLS are the shell's, not the feed's.`,
      );
    }
  }
  for (const [size, s] of Object.entries(scrolls ?? {})) {
    if (s.distance < 1000) {
      lines.push(
        `- ${size}: the scroll moved ${Math.round(s.distance)} px: there was no list of 2,000 photos to scroll.`,
      );
    }
  }
  return lines;
}

/** One line per missed target: by how much, and what the page's own timings point at. */
function misses({ bundle, loads, scrolls }) {
  const lines = [];
  if (bundle.initialJs >= TARGETS.initialJsBytes) {
    const heaviest = bundle.chunks.find((c) => c.initial);
    lines.push(
      `- Initial JS is ${kB(bundle.initialJs - TARGETS.initialJsBytes)} over 150 kB; the heaviest first-load chunk is \`${heaviest?.file}\` (${kB(heaviest?.gzip ?? 0)}).`,
    );
  }
  for (const [size, { cold, warm }] of Object.entries(loads)) {
    if (warm.lcp === null) {
      lines.push(`- ${size}: no LCP entry at all (the page painted no image or text block Chrome counts).`);
    } else if (warm.lcp >= TARGETS.warmLcpMs) {
      const steps = Object.entries(warm.steps)
        .map(([step, at]) => `${step} ${at === null ? 'never fetched' : `done at ${ms(at)}`}`)
        .join(', ');
      const where =
        warm.fcp !== null && warm.lcp - warm.fcp < 50
          ? 'the largest paint is the first paint, so the time goes before anything shows: downloading and running the app and its first requests'
          : `${ms(warm.lcp - warm.fcp)} pass between the first paint and the largest`;
      lines.push(
        `- ${size}: warm LCP ${seconds(warm.lcp)} is ${ms(warm.lcp - TARGETS.warmLcpMs)} over (cold ${seconds(cold.lcp)}); TTFB ${ms(warm.ttfb)}, FCP ${ms(warm.fcp)}, largest paint \`${warm.lcpElement}\`; ${where}. Resource timing of the median warm load: ${steps}.`,
      );
    }
    for (const [kind, m] of [
      ['cold', cold],
      ['warm', warm],
    ]) {
      if (m.cls >= TARGETS.cls)
        lines.push(
          `- ${size}, ${kind}: CLS ${m.cls.toFixed(3)} is ${(m.cls - TARGETS.cls).toFixed(3)} over 0.02.`,
        );
    }
  }
  for (const [size, s] of Object.entries(scrolls ?? {})) {
    if (s.over100 > 0) {
      lines.push(
        `- ${size} scroll: ${s.over100} long task(s) over 100 ms, the longest ${ms(s.longestTask)} (${ms(s.longestTask - TARGETS.longTaskMs)} over); record a trace with DevTools' Performance panel while scrolling to attribute them.`,
      );
    }
  }
  return lines;
}

export function webReport(r) {
  const seeded = r.seeding.map((s) => `\`${s.command}\` (${s.seconds.toFixed(1)} s)`).join(' and ');
  const missed = misses(r);
  const warnings = caveats(r);
  return [
    "## web: first load, the feed's LCP and CLS, and scrolling 2,000 photos",
    '',
    `Measured ${r.date} with \`${r.command}\` on ${r.machine}; ${r.chromium} (headless, Playwright, no throttling, loopback); load average ${r.load} at the end.`,
    `Data: a temporary folder seeded by ${seeded}, served by \`pixeli serve\` (PGlite, disk storage), browsed as \`demo.admin\` (who sees every photo). Phone is 360×780 at 2× (touch), desktop 1280×800 at 1×. Sizes in kB of 1,000 bytes.`,
    '',
    ...bundleTables(r.bundle),
    '',
    `LCP and CLS of \`/\`, median of ${r.runs} runs each: cold is a new browser context (empty cache, signed in by the refresh cookie only), warm is that context reloaded. Read from the page's buffered PerformanceObservers once the network is idle; CLS is the worst session window.`,
    '',
    loadTable(r.loads),
    '',
    ...(r.scrolls
      ? [
          `Scrolling the feed top to bottom at ${SCROLL_SPEED} px/s, one step per animation frame, loading pages as the app asks; at the bottom it waits 4 s for more. Long tasks from the page's \`longtask\` observer.`,
          '',
          scrollTable(r.scrolls),
          '',
        ]
      : []),
    ...(warnings.length ? ['**Not measuring the real feed:**', '', ...warnings, ''] : []),
    missed.length ? 'Missed targets:' : `Every target met${warnings.length ? ', by the screen above' : ''}.`,
    ...(missed.length ? ['', ...missed] : []),
  ].join('\n');
}
