import { execFileSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { loadAverage, machineFacts, machineLine, writeSection } from '../report.mjs';
import { startServer } from '../server.mjs';
import { chromiumVersion, launchChromium, SIZES } from './browser.mjs';
import { measureBundle } from './bundle.mjs';
import { measureFeedLoad } from './feed-load.mjs';
import { webReport } from './report.mjs';
import { measureScroll } from './scroll.mjs';
import { BENCH_USER, seededDataDir } from './seeded.mjs';

/**
 * The web app as a person meets it: how much JS and CSS the first load costs, how fast the feed
 * paints its largest picture and how still it holds (LCP, CLS) with 1,000 photos, and whether
 * scrolling 2,000 photos keeps the main thread free. A real `pixeli serve` on a seeded data folder
 * (`seed-demo --images`), Debian's Chromium over loopback, no throttling.
 *
 *   npm run bench -- web [--runs 5] [--sizes phone,desktop] [--no-scroll] [--keep] [--write]
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));
const LOAD_PHOTOS = 1000;
const SCROLL_PHOTOS = 2000;

const median = (values) => {
  const known = values.filter((v) => v !== null).sort((a, b) => a - b);
  return known.length ? known[Math.floor(known.length / 2)] : null;
};

/** The server must answer `/` with the built app, or every browser number would be of an error page. */
async function expectWebApp(server) {
  const html = await fetch(`${server.url}/`).then((res) => res.text());
  if (!html.includes('id="root"')) {
    throw new Error(
      `pixeli serve does not serve the web app at / (WEB_DIR); it answered:\n${html.slice(0, 400)}`,
    );
  }
}

async function withSeededServer(photos, keep, use) {
  const seeded = await seededDataDir(photos, console.log);
  const server = await startServer(seeded.dataDir, { LOG_LEVEL: 'warn' });
  try {
    await expectWebApp(server);
    return { seeded, result: await use(server) };
  } finally {
    await server.stop();
    if (!keep) await rm(seeded.dataDir, { recursive: true, force: true });
  }
}

async function measureLoads(browser, sizes, runs, keep) {
  return withSeededServer(LOAD_PHOTOS, keep, async (server) => {
    const loads = {};
    for (const size of sizes) {
      const each = [];
      for (let i = 0; i < runs; i++) {
        each.push(await measureFeedLoad(browser, server, size, BENCH_USER));
        const { cold, warm } = each.at(-1);
        const ms = (v) => (v === null ? 'none' : `${Math.round(v)} ms`);
        console.log(
          `${size} run ${i + 1}: LCP cold ${ms(cold.lcp)} warm ${ms(warm.lcp)}, CLS cold ${cold.cls.toFixed(3)} warm ${warm.cls.toFixed(3)}, ${warm.images} <img>`,
        );
      }
      const summary = (kind) => {
        const all = each.map((e) => e[kind]);
        const lcp = median(all.map((m) => m.lcp));
        // The run whose LCP is the median one says what the largest paint was.
        const typical = all.find((m) => m.lcp === lcp) ?? all[0];
        return {
          lcp,
          cls: median(all.map((m) => m.cls)),
          ttfb: median(all.map((m) => m.ttfb)),
          fcp: median(all.map((m) => m.fcp)),
          images: median(all.map((m) => m.images)),
          lcpElement: typical.lcpElement,
          steps: typical.steps,
          lcps: all.map((m) => m.lcp),
        };
      };
      loads[size] = { cold: summary('cold'), warm: summary('warm') };
    }
    return loads;
  });
}

async function measureScrolls(browser, sizes, keep) {
  return withSeededServer(SCROLL_PHOTOS, keep, async (server) => {
    const scrolls = {};
    for (const size of sizes) {
      scrolls[size] = await measureScroll(browser, server, size, BENCH_USER);
      const s = scrolls[size];
      console.log(
        `${size} scroll: ${s.distance} px in ${s.seconds.toFixed(1)} s, ${s.longTaskCount} long tasks (longest ${Math.round(s.longestTask)} ms), ${s.dropped}/${s.frames} late frames, max ${s.maxImages} <img>`,
      );
    }
    return scrolls;
  });
}

export async function run(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      runs: { type: 'string', default: '5' },
      sizes: { type: 'string', default: 'phone,desktop' },
      'no-scroll': { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      write: { type: 'boolean', default: false },
    },
  });
  const runs = Number(values.runs);
  const sizes = values.sizes.split(',');
  if (!Number.isInteger(runs) || runs < 1 || sizes.some((s) => !SIZES[s])) {
    throw new Error(
      'usage: npm run bench -- web [--runs N (5)] [--sizes phone,desktop] [--no-scroll] [--keep] [--write]',
    );
  }
  // `npm run bench` has built everything; run directly, build what changed (the web app included).
  execFileSync(process.execPath, ['scripts/build-if-stale.mjs'], { cwd: ROOT, stdio: 'inherit' });

  const bundle = await measureBundle(DIST);
  console.log(
    `initial JS ${(bundle.initialJs / 1000).toFixed(1)} kB gzip, CSS ${(bundle.initialCss / 1000).toFixed(1)} kB gzip`,
  );
  const browser = await launchChromium();
  let loads;
  let scrolls = null;
  let seeding;
  try {
    const load = await measureLoads(browser, sizes, runs, values.keep);
    loads = load.result;
    seeding = [load.seeded];
    if (!values['no-scroll']) {
      const scroll = await measureScrolls(browser, sizes, values.keep);
      scrolls = scroll.result;
      seeding.push(scroll.seeded);
    }
  } finally {
    await browser.close();
  }

  const command = ['npm run bench -- web', ...argv.filter((a) => a !== '--write')].join(' ');
  const markdown = webReport({
    date: new Date().toISOString().slice(0, 10),
    command,
    machine: machineLine(machineFacts()),
    chromium: chromiumVersion(),
    load: loadAverage(),
    runs,
    seeding,
    bundle,
    loads,
    scrolls,
  });
  console.log(markdown);
  if (values.write) await writeSection('web', markdown);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  run(process.argv.slice(2)).catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
