import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { loadAverage, machineFacts, machineLine, table, writeSection } from '../report.mjs';
import { freePort } from '../server.mjs';

/**
 * How long `npm start` takes, after `npm install` has built everything, until the server answers:
 * on a new data folder (PGlite's initdb included), and again on the same folder (a restart).
 *
 *   npm run bench -- start [--runs 3] [--write]
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const USAGE = 'usage: npm run bench -- start [--runs N (3)] [--write]';
const TARGET_FIRST_S = 10;
const TARGET_RESTART_S = 2;

/** Seconds from `npm start` until /api/health/ answers 200; the server is stopped again after. */
async function timeStart(dataDir) {
  const port = await freePort();
  const started = performance.now();
  const child = spawn('npm', ['start', '--silent'], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: 'ignore',
    detached: true, // its own process group: npm, sh and the server stop together
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    for (;;) {
      const ok = await fetch(`http://127.0.0.1:${port}/api/health/`).then(
        (res) => res.status === 200,
        () => false,
      );
      if (ok) return (performance.now() - started) / 1000;
      if (child.exitCode !== null) throw new Error('npm start exited before it answered');
      if (performance.now() - started > 120_000) throw new Error('npm start did not answer in 120 s');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  } finally {
    process.kill(-child.pid, 'SIGTERM');
    await exited;
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export async function run(argv) {
  const { values } = parseArgs({
    args: argv,
    options: { runs: { type: 'string', default: '3' }, write: { type: 'boolean', default: false } },
  });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(USAGE);
  const first = [];
  const restart = [];
  for (let i = 0; i < runs; i++) {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'pixeli-bench-start-'));
    try {
      first.push(await timeStart(dataDir));
      restart.push(await timeStart(dataDir));
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
    console.log(
      `run ${i + 1}: first start ${first.at(-1).toFixed(2)} s, restart ${restart.at(-1).toFixed(2)} s`,
    );
  }
  const row = (name, times, target) => [
    name,
    `${median(times).toFixed(2)} s`,
    times.map((t) => t.toFixed(2)).join(', '),
    `< ${target} s`,
    median(times) < target ? 'met' : '**missed**',
  ];
  const markdown = [
    '## start: `npm start` until the first answer',
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} with \`npm run bench -- start --runs ${runs}\` on ${machineLine(machineFacts())}; load average ${loadAverage()} at the end.`,
    'After `npm install` (which builds once), from `npm start` to the first 200 of `/api/health/`: on a new data folder (PGlite creates its database first) and again on the same folder.',
    '',
    table(
      ['start', 'median', 'each run', 'target', ''],
      [
        row('first, new data folder', first, TARGET_FIRST_S),
        row('restart, same folder', restart, TARGET_RESTART_S),
      ],
    ),
  ].join('\n');
  console.log(markdown);
  if (values.write) await writeSection('start', markdown);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  run(process.argv.slice(2)).catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
