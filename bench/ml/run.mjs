import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadAverage, machineFacts, machineLine, table, writeSection } from '../report.mjs';
import { measureApiDuringAnalysis } from './during-analysis.mjs';

/**
 * `npm run bench -- ml`: the machine-learning step of issue 13, in three parts.
 * 1. The engine alone (`bench/ml/engine.mjs`): cold and warm seconds per photo, event-loop delay,
 *    the analysing child's peak RSS against a bare Node child's, the face-similarity spread behind
 *    FACE_MATCH_THRESHOLD.
 * 2. A real `pixeli serve` with ML on (`during-analysis.mjs`): `/api/health/` and the feed before
 *    and while group photos are analysed, and the peak RSS of the server and of its analyser child.
 * 3. Find-me on an event of 2,000 photos × 3 faces (`bench/find-me/measure.mjs`), embedded.
 *
 *   npm run bench -- ml [--photos 20] [--seconds 4] [--connections 10] [--rounds 2] [--write]
 */

const USAGE = 'usage: ml [--photos 20] [--seconds 4] [--connections 10] [--rounds 2] [--write]';

const log = (line) => console.error(`[ml] ${line}`);

/** Runs a benchmark script of its own (each owns its process, so its memory is its own). */
function runScript(relative, args) {
  const file = fileURLToPath(new URL(relative, import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      output += chunk;
      process.stderr.write(chunk);
    });
    child.once('exit', (code) =>
      code === 0 ? resolve(output.trim()) : reject(new Error(`${relative} exited with ${code}`)),
    );
  });
}

const number = (text, pattern) => {
  const match = pattern.exec(text);
  return match ? Number(match[1]) : undefined;
};

export async function run(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      photos: { type: 'string', default: '20' },
      seconds: { type: 'string', default: '4' },
      connections: { type: 'string', default: '10' },
      rounds: { type: 'string', default: '2' },
      write: { type: 'boolean', default: false },
    },
  });
  const whole = (name) => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive whole number\n${USAGE}`);
    return n;
  };
  const started = new Date();
  const loadBefore = loadAverage();

  log('engine alone');
  const engine = await runScript('./engine.mjs', ['--rounds', String(whole('rounds'))]);
  log('the API while photos are analysed');
  const api = await measureApiDuringAnalysis({
    photos: whole('photos'),
    seconds: whole('seconds'),
    connections: whole('connections'),
    log,
  });
  log('find-me on 2,000 photos');
  const findMe = await runScript('../find-me/measure.mjs', []);

  const warmS = number(engine, /warm: ([\d.]+) s per photo/);
  const childPeak = number(engine, /analysing child RSS: peak (\d+) MB/);
  const added = number(engine, /added by the analysis (\d+) MB/);
  const findMeP95 = number(findMe, /find-me[^\n]*?p50 [\d.]+ ms, p95 ([\d.]+) ms/);
  const verdict = (met) => (met ? 'met' : '**missed**');
  const ms = (n) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
  const row = (label, r) => [label, r.perSecond.toFixed(0), ms(r.p50), ms(r.p99), r.serverCpuMs.toFixed(2)];

  const markdown = `## ml: auto tags and faces (issue 13)

Run ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC with \`npm run bench -- ml ${argv.join(' ')}\`.

Machine: ${machineLine(machineFacts())}. 1-minute load average before the run ${loadBefore}, after it
${loadAverage()}.

Models: @vladmandic/human on tfjs with the wasm backend, read from the installed package, in a
child process of the server's that stops after \`ML_IDLE_EXIT_S\` without work (features/ml).
Photos: the group photos shipped in @vladmandic/face-api's \`demo/\` folder (1920 px wide, 3–5 people each), analysed at ${'`ML_ANALYSIS_SIZE_PX`'} (1,024 px).

### The engine alone (\`node bench/ml/engine.mjs\`)

\`\`\`
${engine}
\`\`\`

### The API while ${api.photos} photos are analysed (a real \`pixeli serve\`, embedded, ML on)

Each route for ${api.seconds} s at ${api.connections} connections, signed in, before any photo and
then while the uploaded photos were being analysed (after their variants were done);
${api.analysedDuring} photo(s) finished analysing during the loaded window.

${table(
  ['route', 'req/s', 'p50 ms', 'p99 ms', 'server CPU ms/req'],
  [
    row('`/api/health/`, quiet', api.quiet.health),
    row('`/api/health/`, analysing', api.busy.health),
    row('feed, quiet', api.quiet.feed),
    row('feed, analysing', api.busy.feed),
  ],
)}

From the upload until the last photo was analysed: ${api.secondsPerPhotoUpperBound.toFixed(2)} s per
photo (the first includes the child's start and model load). Server resident memory before the first
upload ${api.serverRssBeforeMb.toFixed(0)} MB, peak ${api.serverPeakRssMb.toFixed(0)} MB; its analyser
child's peak ${api.analyserPeakRssMb.toFixed(0)} MB.

### Find-me on 2,000 photos × 3 faces, embedded (\`node bench/find-me/measure.mjs\`)

\`\`\`
${findMe}
\`\`\`

### Against the targets

- Seconds per photo, warm: ${warmS?.toFixed(2)} s; target under 1 s: ${verdict(warmS !== undefined && warmS < 1)}.
- \`/api/health/\` p99 while analysing: ${ms(api.busy.health.p99)} ms; target under 25 ms: ${verdict(api.busy.health.p99 < 25)}.
- Find-me p95 (use case, 2,000 photos): ${findMeP95} ms; target under 300 ms: ${verdict(findMeP95 !== undefined && findMeP95 < 300)}.
- Memory the analysis adds to the process that runs it (engine alone: the analysing child's peak
  ${childPeak ?? '?'} MB minus a bare Node child's): ${added !== undefined ? `${added} MB` : 'not read'}; target at most
  300 MB: ${verdict(added !== undefined && added <= 300)}.
  The server with ML on peaked at ${api.serverPeakRssMb.toFixed(0)} MB, its analyser child at
  ${api.analyserPeakRssMb.toFixed(0)} MB (the ingest benchmark's 400 MB target is for \`ML=off\`).
`;
  console.log(markdown);
  if (values.write) {
    await writeSection('ml', markdown);
    log('written to BENCHMARKS.md');
  }
}
