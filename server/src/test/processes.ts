import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigSchema } from '../config.js';

/**
 * The built `pixeli` command as an operator runs it, for process tests: real child processes, a
 * real data folder, real HTTP. Nothing here imports the app; only the compiled `dist/main.js` runs.
 * Every child and temp folder is tracked, so `cleanUpProcesses()` in an afterEach/afterAll ends
 * them even when a test failed half way.
 */

export const MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

export interface Running {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const children = new Set<Running>();
const tempDirs: string[] = [];

/** Fails fast with the fix when the CLI has not been built. */
export function requireBuiltCli(): void {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` at the repository root`);
}

export async function tempDir(prefix = 'pixeli-cli-'): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

/** Kills every child still running (SIGKILL), waits for them, and removes the temp folders. */
export async function cleanUpProcesses(): Promise<void> {
  // A failed assertion must not leave a server holding a port or a PGlite folder open.
  for (const proc of children) proc.child.kill('SIGKILL');
  await Promise.all([...children].map((proc) => proc.exited));
  await Promise.all(tempDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

/** A port nobody listens on right now: the OS picks one for a throwaway listener. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * The child's environment: the parent's, minus every Pixel-i setting a developer may have exported
 * (DATABASE_URL, REDIS_URL, SMTP_URL, JWT_SECRET...) and the test runner's own PIXELI_* variables,
 * so each run uses only the embedded defaults (without the web app) and what `env` adds.
 */
export function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(ConfigSchema.shape)) delete base[key];
  for (const key of Object.keys(base)) if (key.startsWith('PIXELI_')) delete base[key];
  // API only, like the in-process harness: whether web/dist happens to be built must not matter.
  // No photo analysis either, as in the harness: the models cost seconds per server and ~0.7 s a
  // photo; the suites about analysis turn it on.
  return { ...base, LOG_LEVEL: 'info', WEB_DIR: 'off', ML: 'off', ...env };
}

export function run(args: string[], cwd: string, env: Record<string, string> = {}): Running {
  // cwd is a temp folder, so no stray .env file from the checkout is loaded by dotenv.
  const child = spawn(process.execPath, [MAIN, ...args], {
    cwd,
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const running = { child, stdout: () => out, stderr: () => err, exited };
  children.add(running);
  void exited.then(() => children.delete(running));
  return running;
}

/** Runs a command that ends on its own and returns its outcome and output. */
export async function runToEnd(args: string[], cwd: string, env: Record<string, string> = {}) {
  const proc = run(args, cwd, env);
  const { code } = await proc.exited;
  return { code, stdout: proc.stdout(), stderr: proc.stderr() };
}

/** Resolves once the process has written `text` to stdout; fails if it exits first or by the deadline. */
export async function waitForOutput(proc: Running, text: string, deadlineMs = 60_000): Promise<void> {
  let exited = false;
  void proc.exited.then(() => {
    exited = true;
  });
  const deadline = Date.now() + deadlineMs;
  while (!proc.stdout().includes(text)) {
    if (exited) throw new Error(`the process exited before it logged "${text}":\n${proc.stderr()}`);
    if (Date.now() > deadline) throw new Error(`"${text}" was not logged in time:\n${proc.stdout()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface Server extends Running {
  url: string;
  stop(): Promise<number | null>;
}

/**
 * `pixeli serve` (or `args`, e.g. `['serve', '--no-worker']`) on a fresh port, with DATA_DIR set to
 * `dataDir` and `env` added; resolves once /api/health/ answers 200.
 */
export async function serve(
  dataDir: string,
  { args = ['serve'], env = {} }: { args?: string[]; env?: Record<string, string> } = {},
): Promise<Server> {
  const port = await freePort();
  const proc = run(args, dataDir, { DATA_DIR: dataDir, ...env, PORT: String(port), HOST: '127.0.0.1' });
  const url = `http://127.0.0.1:${port}`;
  let exitedEarly = false;
  void proc.exited.then(() => {
    exitedEarly = true;
  });
  // A first start runs PGlite's initdb (several seconds); a loaded CI machine may take much longer.
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exitedEarly) throw new Error(`pixeli serve exited before it was healthy:\n${proc.stderr()}`);
    if (Date.now() > deadline) throw new Error(`pixeli serve was not healthy in time:\n${proc.stdout()}`);
    const status = await fetch(`${url}/api/health/`).then(
      (res) => res.status,
      () => 0,
    );
    if (status === 200) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    ...proc,
    url,
    async stop() {
      proc.child.kill('SIGTERM');
      return (await proc.exited).code;
    },
  };
}

/** One JSON request to a running server; the answer's status and parsed body. */
export async function api(
  server: { url: string },
  method: string,
  route: string,
  opts: { body?: unknown; token?: string } = {},
) {
  const headers: Record<string, string> = {};
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const res = await fetch(`${server.url}${route}`, {
    method,
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

/** The code in the newest outbox message to `email`, read from the `.eml` file like a person would. */
export async function codeFromOutbox(dataDir: string, email: string): Promise<string> {
  const dir = path.join(dataDir, 'outbox');
  for (const file of (await readdir(dir)).sort().reverse()) {
    const message = await readFile(path.join(dir, file), 'utf8');
    if (!message.includes(`To: ${email}`)) continue;
    const code = /^Subject: (\d{6}) is your Pixel-i verification code$/m.exec(message)?.[1];
    if (code) return code;
  }
  throw new Error(`no verification code in the outbox for ${email}`);
}
