import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { importBuilt, SERVER_MAIN } from './server-deps.mjs';

/**
 * A real `pixeli serve` for benchmarks and the end-to-end tests: the built CLI in its own process,
 * as an operator runs it, so what is measured includes HTTP, the database and the queue, and its
 * memory is its own.
 */

/** A port nobody listens on right now: the OS picks one for a throwaway listener. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** The parent's environment minus every Pixel-i setting, so only the embedded defaults apply. */
export async function childEnv(env) {
  const { ConfigSchema } = await importBuilt('config.js');
  const base = { ...process.env };
  for (const key of Object.keys(ConfigSchema.shape)) delete base[key];
  // As `npm start` runs it: two glibc malloc arenas instead of one per thread (README, BENCHMARKS.md).
  return { MALLOC_ARENA_MAX: '2', ...base, ...env };
}

const OUTPUT_KEPT = 64 * 1024;

/** Clock ticks per second of /proc's CPU times (100 on every common Linux, but ask). */
export function clockTicks() {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) || 100;
  } catch {
    return 100;
  }
}

/** Starts the server in `dataDir` (also its cwd, so no stray .env is read); resolves once healthy. */
export async function startServer(dataDir, env = {}) {
  const port = await freePort();
  // BENCH_CPU_PROF_DIR=<dir> writes the server's V8 CPU profile there when it stops (open it in
  // Chrome's DevTools): where a benchmark's server time goes, without changing what is measured.
  const profile = process.env.BENCH_CPU_PROF_DIR
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}`]
    : [];
  const child = spawn(process.execPath, [...profile, SERVER_MAIN, 'serve'], {
    cwd: dataDir,
    env: await childEnv({ DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: String(port), ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Always drain the pipes (a full pipe would stall the server); keep the tail for error messages.
  let output = '';
  const keep = (chunk) => {
    output = (output + chunk).slice(-OUTPUT_KEPT);
  };
  child.stdout.setEncoding('utf8').on('data', keep);
  child.stderr.setEncoding('utf8').on('data', keep);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let gone = false;
  void exited.then(() => {
    gone = true;
  });

  const url = `http://127.0.0.1:${port}`;
  const ticks = clockTicks();
  // A first start runs PGlite's initdb (several seconds, more on a busy machine).
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (gone) throw new Error(`pixeli serve exited before it was healthy:\n${output}`);
    if (Date.now() > deadline) {
      // Its own children first (the `pixeli migrate` of a first start), or they would outlive it.
      spawnSync('pkill', ['-KILL', '-P', String(child.pid)]);
      child.kill('SIGKILL');
      throw new Error(`pixeli serve was not healthy in time:\n${output}`);
    }
    const status = await fetch(`${url}/api/health/`).then(
      (res) => res.status,
      () => 0,
    );
    if (status === 200) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  return {
    url,
    pid: child.pid,
    output: () => output,
    /** Resident memory now and at its peak so far, in bytes, from /proc (Linux only). */
    async memory() {
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
      const kib = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
      return { rss: kib('VmRSS') * 1024, peakRss: kib('VmHWM') * 1024 };
    },
    /**
     * CPU seconds the server has used so far, on all its threads (utime + stime from /proc).
     * Unlike wall time, this barely moves when other work shares the machine.
     */
    async cpuSeconds() {
      const stat = await readFile(`/proc/${child.pid}/stat`, 'utf8');
      // Fields after the parenthesised command name; utime and stime are the 14th and 15th.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11]) + Number(fields[12])) / ticks;
    },
    /** SIGTERM (a clean shutdown closes PGlite), SIGKILL if it hangs. */
    async stop() {
      if (gone) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** JSON over HTTP; throws on an unexpected status so a benchmark never measures an error path. */
export async function api(server, method, route, { body, token, expect = [200, 201] } = {}) {
  const headers = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${server.url}${route}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!expect.includes(res.status)) throw new Error(`${method} ${route} answered ${res.status}: ${text}`);
  return { json: text ? JSON.parse(text) : undefined, headers: res.headers };
}

/** The verification code in the newest outbox message to `email` (no SMTP: mail lands in files). */
async function codeFromOutbox(dataDir, email) {
  const dir = path.join(dataDir, 'outbox');
  for (const file of (await readdir(dir)).sort().reverse()) {
    const message = await readFile(path.join(dir, file), 'utf8');
    if (!message.includes(`To: ${email}`)) continue;
    const code = /^Subject: (\d{6}) is your Pixel-i verification code$/m.exec(message)?.[1];
    if (code) return code;
  }
  throw new Error(`no verification code in the outbox for ${email}`);
}

/** Signs a new person up and verifies the address; returns their access token. */
export async function signUp(server, dataDir, username) {
  const email = `${username}@example.com`;
  const password = 'a long enough benchmark passphrase';
  await api(server, 'POST', '/api/auth/signup/', { body: { username, email, password, name: username } });
  const otp = await codeFromOutbox(dataDir, email);
  const { json } = await api(server, 'POST', '/api/auth/verify-email/', { body: { email, otp } });
  return json.access;
}

/** Sends one bulk upload; throws unless every file was `created`. Resolves to the new photo ids. */
export async function bulkUpload(server, token, eventId, form) {
  const res = await fetch(`${server.url}/api/events/${eventId}/photos/bulk-upload/`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  const reply = await res.json();
  const refused = (reply.results ?? []).filter((r) => r.status !== 'created');
  if (res.status !== 207 || refused.length > 0) {
    throw new Error(
      `bulk upload answered ${res.status}: ${JSON.stringify(refused.length ? refused : reply)}`,
    );
  }
  return reply.results.map((r) => r.photo_id);
}
