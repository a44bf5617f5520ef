import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { TEST_REDIS_URL } from '../../test/engines.js';
import {
  call,
  forEachEngine,
  type Harness,
  setRole,
  signUpVerified,
  useHarness,
} from '../../test/harness.js';

/**
 * Sign-ins are checked from memory for a few seconds (sign-in-cache.ts), and still end at once:
 * every write to a sign-in or an account forgets it here and tells the other processes by the bus.
 */
function suite(h: Harness) {
  const me = (token: string) => call(h, 'GET', '/api/auth/me/', { token });

  it('ends at once on logout, logout everywhere and a password change', async () => {
    const ada = await signUpVerified(h);
    expect((await me(ada.access)).statusCode).toBe(200);
    expect((await call(h, 'POST', '/api/auth/logout/', { body: { refresh: ada.refresh } })).statusCode).toBe(
      204,
    );
    expect((await me(ada.access)).statusCode).toBe(401);

    const bob = await signUpVerified(h);
    const second = (
      await call(h, 'POST', '/api/auth/login/', { body: { username: bob.username, password: bob.password } })
    ).json();
    expect((await me(second.access)).statusCode).toBe(200);
    const changed = await call(h, 'POST', '/api/auth/password/change/', {
      token: bob.access,
      body: { current_password: bob.password, new_password: 'another long passphrase here' },
    });
    expect(changed.statusCode).toBe(200);
    // The other device is out; the one that changed it stays in.
    expect((await me(second.access)).statusCode).toBe(401);
    expect((await me(bob.access)).statusCode).toBe(200);
  });

  it('ends at once when an administrator disables the account, and a role applies to the next request', async () => {
    const admin = await signUpVerified(h);
    await setRole(h, admin.id, 'admin');
    const ada = await signUpVerified(h);
    expect((await me(ada.access)).json().role).toBe('public');
    const patch = (body: object) =>
      call(h, 'PATCH', `/api/admin/users/${ada.id}/`, { token: admin.access, body });
    expect((await patch({ role: 'img' })).statusCode).toBe(200);
    expect((await me(ada.access)).json().role).toBe('img');
    expect((await patch({ is_active: false })).statusCode).toBe(200);
    expect((await me(ada.access)).statusCode).toBe(401);
  });

  it('shows a profile change on the next request', async () => {
    const ada = await signUpVerified(h);
    expect((await me(ada.access)).json().name).not.toBe('Ada L.');
    const patched = await call(h, 'PATCH', '/api/auth/me/', { token: ada.access, body: { name: 'Ada L.' } });
    expect(patched.statusCode).toBe(200);
    expect((await me(ada.access)).json().name).toBe('Ada L.');
  });

  it('is answered from memory, and learns of a sign-in ended elsewhere from the bus', async () => {
    const ada = await signUpVerified(h);
    expect((await me(ada.access)).statusCode).toBe(200);
    // Another node ends the sign-in: the row changes, and the news comes over the bus.
    await h.ctx.database.db.execute(sql`update sessions set revoked_at = now() where user_id = ${ada.id}`);
    expect((await me(ada.access)).statusCode).toBe(200);
    await h.ctx.bus.publish('sign-ins', { userId: ada.id });
    for (let i = 0; i < 50 && (await me(ada.access)).statusCode === 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect((await me(ada.access)).statusCode).toBe(401);
  });

  it('rechecks within SIGN_IN_RECHECK_S when a bus message never came', async () => {
    const ada = await signUpVerified(h);
    expect((await me(ada.access)).statusCode).toBe(200);
    await h.ctx.database.db.execute(sql`update users set is_active = false where id = ${ada.id}`);
    h.clock.advance(h.ctx.config.SIGN_IN_RECHECK_S + 1);
    expect((await me(ada.access)).statusCode).toBe(401);
  });
}

forEachEngine(suite);

const withRedis = TEST_REDIS_URL ? describe : describe.skip;
withRedis('over the Redis bus', () => suite(useHarness('pglite', { REDIS_URL: TEST_REDIS_URL ?? '' })));
