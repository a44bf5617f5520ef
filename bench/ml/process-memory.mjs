import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdir, readFile } from 'node:fs/promises';
import { importBuilt } from '../server-deps.mjs';

/**
 * Resident memory of the analyser's child process (features/ml/analyser.ts), read from /proc
 * (Linux only): what the analysis adds is the child's peak minus what any Node child costs.
 */

const MB = 1024 ** 2;

/** VmRSS and VmHWM (the peak so far) of a live process, in MB; undefined once it is gone. */
export async function rssOf(pid) {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => undefined);
  if (!status) return undefined;
  const kib = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rssMb: (kib('VmRSS') * 1024) / MB, peakMb: (kib('VmHWM') * 1024) / MB };
}

/** Says it is up, then waits on its channel (a listener keeps a child's channel open). */
const IDLE_CHILD = "process.on('message', () => {}); process.send('up');";

/**
 * A Node child started as the analyser starts its own (same V8 flags, environment and IPC
 * channel) that does nothing: its resident memory once up is the baseline.
 */
export async function bareNodeChildRssMb() {
  const { CHILD_EXEC_ARGV, CHILD_ENV } = await importBuilt('features/ml/analyser.js');
  const child = spawn(process.execPath, [...CHILD_EXEC_ARGV, '-e', IDLE_CHILD], {
    env: CHILD_ENV(),
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await once(child, 'message');
  const rss = await rssOf(child.pid);
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
  return rss.peakMb;
}

/** The analyser children of a process (the server), by their entry file. */
export async function analyserChildrenOf(pid) {
  const pids = [];
  for (const task of await readdir(`/proc/${pid}/task`).catch(() => [])) {
    const listed = await readFile(`/proc/${pid}/task/${task}/children`, 'utf8').catch(() => '');
    pids.push(...listed.split(' ').filter(Boolean).map(Number));
  }
  const analysers = [];
  for (const child of pids) {
    const cmdline = await readFile(`/proc/${child}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes('analyser-worker')) analysers.push(child);
  }
  return analysers;
}
