import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { childEnv } from '../server.mjs';
import { SERVER_MAIN } from '../server-deps.mjs';

/**
 * A temporary data folder filled by `pixeli seed-demo --images` (embedded PGlite, disk storage), as
 * an operator would make a demo: the photos have real thumbnails and previews for the feed to show.
 */

/** The account the benchmark browses as: the administrator sees every seeded photo in the feed. */
export const BENCH_USER = 'demo.admin';

export async function seededDataDir(photos, log) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), `pixeli-bench-web-${photos}-`));
  const started = performance.now();
  const args = ['seed-demo', '--users', '200', '--events', '30', '--photos', String(photos), '--images'];
  const child = spawn(process.execPath, [SERVER_MAIN, ...args], {
    cwd: dataDir,
    env: await childEnv({ DATA_DIR: dataDir, LOG_LEVEL: 'warn' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk) => {
    output += chunk;
  });
  const code = await new Promise((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`seed-demo exited with ${code}:\n${output.slice(-4000)}`);
  const seconds = (performance.now() - started) / 1000;
  log(`seeded ${photos} photos with images in ${seconds.toFixed(1)} s (${dataDir})`);
  return { dataDir, seconds, command: `pixeli ${args.join(' ')}` };
}
