import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { loadAverage, machineFacts, machineLine, table, writeSection } from '../report.mjs';
import { FLOOR_JPEG, FLOOR_LONG_EDGE, FLOOR_WEBP, measureFloor, measureProcessImage } from './in-process.mjs';
import { ensurePhotos, PHOTO_HEIGHT, PHOTO_WIDTH } from './photos.mjs';
import { measureWholePipeline, POLL_FAST_MS, POLL_SLOW_MS } from './whole.mjs';

/**
 * Ingest benchmark: how close uploading and processing a batch of 12 MP photos through a real
 * server comes to the floor of decoding each photo and writing one 1600 px JPEG, where the
 * server's CPU goes (the image work against everything around it), and how much memory the server
 * needs meanwhile. Usage:
 *
 *   npm run bench -- ingest [--photos 24] [--batch 8] [--concurrency 2] [--write]
 */

/** From issue 12: the whole pipeline within 2.0x the JPEG floor, under 400 MB RSS at concurrency 2. */
const RATIO_TARGET = 2.0;
const RSS_TARGET_BYTES = 400e6;

const USAGE = 'usage: ingest [--photos N (24)] [--batch N per request (8)] [--concurrency N (2)] [--write]';

function parseOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      photos: { type: 'string', default: '24' },
      batch: { type: 'string', default: '8' },
      // The worker's PROCESSING_CONCURRENCY default; the floor runs at the same width.
      concurrency: { type: 'string', default: '2' },
      write: { type: 'boolean', default: false },
    },
  });
  const count = (name) => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive whole number\n${USAGE}`);
    return n;
  };
  return {
    photos: count('photos'),
    batch: count('batch'),
    concurrency: count('concurrency'),
    write: values.write,
  };
}

const log = (line) => console.error(`[ingest] ${line}`);
const mb = (bytes) => `${(bytes / 1e6).toFixed(0)} MB`;
const x = (ratio) => `${ratio.toFixed(2)}x`;

function report(o, argv, machine, photos, r) {
  const perPhoto = (seconds) => ((seconds * 1000) / o.photos).toFixed(0);
  const row = (measure, m) => [
    measure,
    m.seconds.toFixed(1),
    (o.photos / m.seconds).toFixed(2),
    x(m.seconds / r.floor.seconds),
    perPhoto(m.cpuSeconds),
    x(m.cpuSeconds / r.floor.cpuSeconds),
  ];
  const ratio = r.whole.seconds / r.floor.seconds;
  const ratioMet = ratio <= RATIO_TARGET;
  const rssMet = r.whole.peakRss < RSS_TARGET_BYTES;
  const aroundCpu = r.whole.cpuSeconds - r.processImage.cpuSeconds;
  const summary = table(
    ['measure', 'wall s', 'photos/s', 'wall vs floor', 'CPU ms per photo', 'CPU vs floor'],
    [
      row(`**floor**: decode + one ${FLOOR_LONG_EDGE} px JPEG (q${FLOOR_JPEG.quality})`, r.floor),
      row('processImage alone, in process (the image work)', r.processImage),
      row('**whole pipeline**: first upload byte to last CO', r.whole),
      row(
        `the floor until issue 12, for comparison with older runs: decode + one ${FLOOR_LONG_EDGE} px WebP (q${FLOOR_WEBP.quality}, effort ${FLOOR_WEBP.effort})`,
        r.webpFloor,
      ),
    ],
  );
  return `## ingest: 12 MP JPEGs from upload to processed

Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC with \`npm run bench -- ingest${argv.length ? ` ${argv.join(' ')}` : ''}\`.

Machine: ${machineLine(machine)}. 1-minute load average before the run ${r.load.start}, after it
${r.load.end} (this benchmark's own work included; other work on the machine stretches the wall
times far more than the CPU columns).

Input: ${o.photos} generated ${PHOTO_WIDTH}x${PHOTO_HEIGHT} camera-like JPEGs (gradients, shapes, texture,
sensor noise; quality 92), ${mb(photos.totalBytes / o.photos)} each, ${mb(photos.totalBytes)} in all.
Everything runs ${o.concurrency} photos at a time: the floor and processImage in this process (after
one untimed warm-up photo), the whole pipeline in a real \`pixeli serve\` (embedded PGlite, in-process
queue, disk storage, \`PROCESSING_CONCURRENCY=${o.concurrency}\`), restarted once after setup so it
runs on an existing data folder, warmed up by ${o.concurrency} other photos processed untimed in an event
of their own, then fed ${o.batch} photos per \`POST /api/events/<id>/photos/bulk-upload/\`
request, one request after another, while the event's gallery is polled until every photo is \`CO\`
(every ${POLL_SLOW_MS} ms, every ${POLL_FAST_MS} ms once at most ${2 * o.concurrency} photos are left). CPU is the measured
process's user + system time on all its threads (for the whole pipeline: the server's, from the
first upload to the last \`CO\`).

Target, from issue 12: "whole pipeline ≤ ${RATIO_TARGET.toFixed(1)}x the JPEG floor, peak RSS under ${mb(RSS_TARGET_BYTES)}" at concurrency 2.

${summary}

- Whole / floor: **${x(ratio)}** (wall, photos per second); target at most ${RATIO_TARGET.toFixed(1)}x: **${ratioMet ? 'met' : 'missed'}**. On CPU time: ${x(r.whole.cpuSeconds / r.floor.cpuSeconds)}.
- Server CPU per photo: **${perPhoto(r.whole.cpuSeconds)} ms** = ${perPhoto(r.processImage.cpuSeconds)} ms of image work (processImage alone: one decode,
  two 1600 px JPEG previews, a 400 px WebP thumbnail, the watermark and a ThumbHash) + **${perPhoto(aroundCpu)} ms
  around it** (${((100 * aroundCpu) / r.whole.cpuSeconds).toFixed(0)} %: receiving and hashing the upload, storing it, the database, the queue,
  answering the polls, and the garbage collection and compiling all of that causes). ${perPhoto(r.whole.mainThreadCpuSeconds)} ms of the
  ${perPhoto(r.whole.cpuSeconds)} ran on the server's main thread (JS, PGlite, HTTP).
- Server peak RSS (VmHWM): **${mb(r.whole.peakRss)}**; target under ${mb(RSS_TARGET_BYTES)}: **${rssMet ? 'met' : 'missed'}**. Resident before the first upload: ${mb(r.whole.rssBeforeUpload)}; at the end: ${mb(r.whole.rssAtEnd)}; peak of the first start on the empty folder (PGlite initdb): ${mb(r.whole.firstBootPeakRss)}.
- Upload phase: the last bulk-upload reply came ${r.whole.uploadSeconds.toFixed(1)} s after the first byte
  (${(photos.totalBytes / 1e6 / r.whole.uploadSeconds).toFixed(0)} MB/s, sharing the CPU with processing); the first photo
  was \`CO\` after ${r.whole.firstDoneSeconds.toFixed(1)} s, the last ${(r.whole.seconds - r.whole.uploadSeconds).toFixed(1)} s after the last upload reply.
`;
}

export async function run(argv) {
  const options = parseOptions(argv);
  const machine = machineFacts();
  // The photos after the measured ones only warm the server up.
  const all = await ensurePhotos(options.photos + options.concurrency, log);
  const photos = await ensurePhotos(options.photos);
  log(`photos ready in ${photos.dir}`);

  const loadStart = loadAverage();
  log('floor...');
  const floor = await measureFloor(photos.files, options.concurrency, 'jpeg');
  log(`floor: ${floor.seconds.toFixed(1)} s; processImage alone...`);
  const processImage = await measureProcessImage(photos.files, options.concurrency);
  log(`processImage: ${processImage.seconds.toFixed(1)} s; whole pipeline...`);
  const whole = await measureWholePipeline(photos.files, {
    batchSize: options.batch,
    concurrency: options.concurrency,
    warmUpFiles: all.files.slice(options.photos),
  });
  log(`whole pipeline: ${whole.seconds.toFixed(1)} s; the WebP floor of earlier runs...`);
  const webpFloor = await measureFloor(photos.files, options.concurrency, 'webp');

  const load = { start: loadStart, end: loadAverage() };
  const markdown = report(options, argv, machine, photos, { floor, processImage, whole, webpFloor, load });
  console.log(markdown);
  if (options.write) {
    await writeSection('ingest', markdown);
    log('written to BENCHMARKS.md');
  }
}

// Also runnable on its own: `node bench/ingest/run.mjs --photos 8` (after `npm run build`).
if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  run(process.argv.slice(2)).catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
