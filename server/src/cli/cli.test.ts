import { stat } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  cleanUpProcesses,
  codeFromOutbox,
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
