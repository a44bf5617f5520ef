import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  childEnv,
  cleanUpProcesses,
  codeFromOutbox,
  freePort,
  requireBuiltCli,
  runToEnd,
  serve,
  tempDir,
} from '../test/processes.js';

/**
 * The built `pixeli` command as an operator runs it: real child processes, a real data folder,
 * real HTTP. Nothing here imports the app; only the compiled `dist/main.js` is exercised.
 */

const PASSWORD = 'a long enough passphrase';
const ADMIN_PASSWORD = 'a long admin passphrase';

beforeAll(requireBuiltCli);

// A failed assertion must not leave a server holding a port or a PGlite folder open.
afterEach(cleanUpProcesses);

describe('pixeli serve', () => {
  it('signs a person up over HTTP, keeps data and secret across a restart, and logs no credentials', async () => {
    const dataDir = await tempDir();
    const alice = { username: 'alice', email: 'alice@example.com', password: PASSWORD, name: 'Alice' };

    const first = await serve(dataDir);
    // The new embedded database was created by a short-lived `pixeli migrate` child, not by the
    // server, which therefore never carries initdb's memory.
    const pidsOf = (message: string) =>
      first
        .stdout()
        .split('\n')
        .filter((line) => line.includes(message))
        .map((line) => (JSON.parse(line) as { pid: number }).pid);
    const [migrator] = pidsOf('"msg":"migrations applied"');
    const [server] = pidsOf('Pixel-i is serving at');
    expect(migrator).toBeTypeOf('number');
    expect(server).toBeTypeOf('number');
    expect(migrator).not.toBe(server);
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

/** What an operator sees on a refusal: exactly one line, no stack trace. */
function expectOneClearLine(stderr: string, pattern: RegExp) {
  const lines = stderr.trim().split('\n');
  expect(lines, stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(stderr).not.toMatch(/\n\s+at |Error:/);
}

describe('one process at a time on an embedded DATA_DIR', () => {
  it('refuses a second serve and a create-admin while a server runs, naming it; frees the folder on exit', async () => {
    const dataDir = await tempDir();
    const server = await serve(dataDir);
    const pid = server.child.pid;
    const port = new URL(server.url).port;
    const holder = new RegExp(`in use by pixeli serve \\(pid ${pid} on port ${port}, since \\d{4}-`);

    const second = await runToEnd(['serve'], dataDir, { DATA_DIR: dataDir, PORT: String(await freePort()) });
    expect(second.code).toBe(2);
    expectOneClearLine(second.stderr, holder);

    const admin = ['--username', 'root1', '--email', 'root1@example.com', '--password', ADMIN_PASSWORD];
    const created = await runToEnd(['create-admin', ...admin], dataDir, { DATA_DIR: dataDir });
    expect(created.code).toBe(2);
    expectOneClearLine(created.stderr, holder);
    expect(created.stdout).not.toContain('ready to sign in');

    expect(await server.stop()).toBe(0);
    expect(existsSync(path.join(dataDir, 'pixeli.lock'))).toBe(false);
    const after = await runToEnd(['create-admin', ...admin], dataDir, { DATA_DIR: dataDir });
    expect(after.code, after.stderr).toBe(0);
  }, 150_000);

  it('takes over a stale lock whose process is gone', async () => {
    const dataDir = await tempDir();
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    const since = '2026-01-01T00:00:00.000Z';
    await writeFile(
      path.join(dataDir, 'pixeli.lock'),
      JSON.stringify({ pid: dead, command: 'serve', port: 1, since }),
    );
    const migrate = await runToEnd(['migrate'], dataDir, { DATA_DIR: dataDir });
    expect(migrate.code, migrate.stderr).toBe(0);
    expect(existsSync(path.join(dataDir, 'pixeli.lock'))).toBe(false);
  }, 60_000);

  it('lets PostgreSQL mode run side by side: no lock file is taken', async () => {
    const dataDir = await tempDir();
    await writeFile(
      path.join(dataDir, 'pixeli.lock'),
      JSON.stringify({ pid: process.pid, command: 'serve', port: 1, since: 'x' }),
    );
    // A live pid holds the folder, yet a PostgreSQL command does not look at it (and fails only on its URL).
    const result = await runToEnd(['migrate'], dataDir, {
      DATA_DIR: dataDir,
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/x',
    });
    expect(result.stderr).not.toContain('in use by');
    expect(JSON.parse(await readFile(path.join(dataDir, 'pixeli.lock'), 'utf8')).pid).toBe(process.pid);
  });
});

describe('clear failures at start', () => {
  it('names PORT when the port is taken', async () => {
    const dataDir = await tempDir();
    const taken = createServer();
    const port = await new Promise<number>((resolve) =>
      taken.listen(0, '127.0.0.1', () => resolve((taken.address() as { port: number }).port)),
    );
    try {
      const result = await runToEnd(['serve'], dataDir, {
        DATA_DIR: dataDir,
        PORT: String(port),
        HOST: '127.0.0.1',
      });
      expect(result.code).toBe(1);
      expectOneClearLine(
        result.stderr,
        new RegExp(`^PORT ${port} on HOST 127\\.0\\.0\\.1 is already in use`),
      );
    } finally {
      taken.close();
    }
  }, 90_000);

  it('names DATABASE_URL, password masked, when nothing answers there', async () => {
    const dataDir = await tempDir();
    const result = await runToEnd(['serve'], dataDir, {
      DATA_DIR: dataDir,
      DATABASE_URL: 'postgres://postgres:hunter2secret@127.0.0.1:1/x',
    });
    expect(result.code).toBe(1);
    expectOneClearLine(
      result.stderr,
      /^Cannot use the database at DATABASE_URL \(postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/x\): nothing answers/,
    );
    expect(result.stdout + result.stderr).not.toContain('hunter2secret');
  });

  const postgres = process.env.PIXELI_TEST_DATABASE_URL;
  it.runIf(postgres)('names DATABASE_URL when the database does not exist', async () => {
    const dataDir = await tempDir();
    const missing = new URL(postgres!);
    missing.pathname = '/no_such_db_xyz';
    const result = await runToEnd(['migrate'], dataDir, {
      DATA_DIR: dataDir,
      DATABASE_URL: missing.toString(),
    });
    expect(result.code).toBe(1);
    expectOneClearLine(result.stderr, /DATABASE_URL \(.*\/no_such_db_xyz\): that database does not exist/);
  });
});

describe('the pixeli command from any folder of the checkout', () => {
  const repository = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
  it.each(['.', 'server', 'server/src'])(
    'npx pixeli runs from %s and names the one default data folder',
    (folder) => {
      const env = childEnv({});
      const result = spawnSync('npx', ['--no-install', 'pixeli', 'help'], {
        cwd: path.join(repository, folder),
        env,
        encoding: 'utf8',
      });
      expect(result.status, result.stderr).toBe(0);
      expect(result.stdout).toContain(`data lives in ${path.join(repository, 'data')}, whichever folder`);
    },
  );
});
