import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigSchema } from '../config.js';

/**
 * The built `pixeli` command as an operator runs it: real child processes, a real data folder,
 * real HTTP. Nothing here imports the app; only the compiled `dist/main.js` is exercised.
 */

const MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));
const PASSWORD = 'a long enough passphrase';
const ADMIN_PASSWORD = 'a long admin passphrase';

interface Running {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const children = new Set<Running>();
const tempDirs: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pixeli-cli-'));
  tempDirs.push(dir);
  return dir;
}

/** A port nobody listens on right now: the OS picks one for a throwaway listener. */
function freePort(): Promise<number> {
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
 * (DATABASE_URL, REDIS_URL, SMTP_URL, JWT_SECRET...), so each run uses only the embedded defaults.
 */
function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(ConfigSchema.shape)) delete base[key];
  return { ...base, LOG_LEVEL: 'info', ...env };
}

function run(args: string[], cwd: string, env: Record<string, string> = {}): Running {
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
async function runToEnd(args: string[], cwd: string, env: Record<string, string> = {}) {
  const proc = run(args, cwd, env);
  const { code } = await proc.exited;
  return { code, stdout: proc.stdout(), stderr: proc.stderr() };
}

interface Server extends Running {
  url: string;
  stop(): Promise<number | null>;
}

/** `pixeli serve` on a fresh port; resolves once /api/health/ answers 200. */
async function serve(dataDir: string): Promise<Server> {
  const port = await freePort();
  const proc = run(['serve'], dataDir, { DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1' });
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

async function api(
  server: Server,
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
async function codeFromOutbox(dataDir: string, email: string): Promise<string> {
  const dir = path.join(dataDir, 'outbox');
  for (const file of (await readdir(dir)).sort().reverse()) {
    const message = await readFile(path.join(dir, file), 'utf8');
    if (!message.includes(`To: ${email}`)) continue;
    const code = /^Subject: (\d{6}) is your Pixel-i verification code$/m.exec(message)?.[1];
    if (code) return code;
  }
  throw new Error(`no verification code in the outbox for ${email}`);
}

beforeAll(() => {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` at the repository root`);
});

afterEach(async () => {
  // A failed assertion must not leave a server holding a port or a PGlite folder open.
  for (const proc of children) proc.child.kill('SIGKILL');
  await Promise.all([...children].map((proc) => proc.exited));
  await Promise.all(tempDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('pixeli serve', () => {
  it('signs a person up over HTTP, keeps data and secret across a restart, and logs no credentials', async () => {
    const dataDir = await tempDir();
    const alice = { username: 'alice', email: 'alice@example.com', password: PASSWORD, name: 'Alice' };

    const first = await serve(dataDir);
    const signup = await api(first, 'POST', '/api/auth/signup/', { body: alice });
    expect(signup.status).toBe(201);
    const code = await codeFromOutbox(dataDir, alice.email);
    expect(code).toMatch(/^\d{6}$/);
    // Without a mail server, the console is where a local user finds the code.
    expect(first.stdout()).toContain(`verification code for ${alice.email}: ${code}`);

    const verify = await api(first, 'POST', '/api/auth/verify-email/', {
      body: { email: alice.email, otp: code },
    });
    expect(verify.status).toBe(200);
    const { access, refresh } = verify.json as { access: string; refresh: string };
    const me = await api(first, 'GET', '/api/auth/me/', { token: access });
    expect(me.status).toBe(200);
    expect(me.json).toMatchObject({ username: 'alice', email: alice.email });

    expect(await first.stop()).toBe(0);
    expect(first.stdout()).toContain('shutting down');
    const secret = await stat(path.join(dataDir, 'secret.key'));
    expect(secret.mode & 0o777).toBe(0o600);

    const second = await serve(dataDir);
    const login = await api(second, 'POST', '/api/auth/login/', {
      body: { username: alice.username, password: PASSWORD },
    });
    expect(login.status).toBe(200);
    const relogin = login.json as { access: string; refresh: string };
    // The token signed before the restart still verifies: the generated secret was reused.
    const meAgain = await api(second, 'GET', '/api/auth/me/', { token: access });
    expect(meAgain.status).toBe(200);
    expect(meAgain.json).toMatchObject({ username: 'alice' });
    expect(await second.stop()).toBe(0);

    const logs = [first, second].map((s) => s.stdout() + s.stderr()).join('\n');
    expect(logs).toContain('request completed');
    for (const secretValue of [PASSWORD, access, refresh, relogin.access, relogin.refresh]) {
      expect(logs).not.toContain(secretValue);
    }
  }, 150_000);

  it('refuses a bad setting before listening, naming the variable', async () => {
    const dataDir = await tempDir();
    const result = await runToEnd(['serve'], dataDir, { DATA_DIR: dataDir, PORT: 'notaport' });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/Invalid configuration[\s\S]*PORT/);
  });
});

describe('pixeli migrate and create-admin', () => {
  it('migrates a fresh folder, then creates an administrator who can sign in and list accounts', async () => {
    const dataDir = await tempDir();
    const migrate = await runToEnd(['migrate'], dataDir, { DATA_DIR: dataDir });
    expect(migrate.code, migrate.stderr).toBe(0);
    expect(migrate.stdout).toContain('migrations applied');

    const admin = ['--username', 'root1', '--email', 'root1@example.com', '--password', ADMIN_PASSWORD];
    const created = await runToEnd(['create-admin', ...admin], dataDir, { DATA_DIR: dataDir });
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain('Administrator root1 <root1@example.com> is ready to sign in.');

    const server = await serve(dataDir);
    const login = await api(server, 'POST', '/api/auth/login/', {
      body: { username: 'root1', password: ADMIN_PASSWORD },
    });
    expect(login.status).toBe(200);
    const { access } = login.json as { access: string };
    const users = await api(server, 'GET', '/api/admin/users/', { token: access });
    expect(users.status).toBe(200);
    expect(users.json).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ username: 'root1', email: 'root1@example.com', role: 'admin' }),
      ]),
    );
    expect(await server.stop()).toBe(0);
    expect(server.stdout() + server.stderr()).not.toContain(ADMIN_PASSWORD);
  }, 150_000);
});
