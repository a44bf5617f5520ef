import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../config.js';
import { createEvent } from '../../test/fixtures.js';
import {
  call,
  codeFromOutbox,
  databaseFingerprint,
  forEachEngine,
  type Harness,
  outboxCount,
  signUpVerified,
  useHarness,
} from '../../test/harness.js';

/** Who may sign up (`SIGNUP`), and the first account on an empty database becoming the admin. */

const person = (username: string, email = `${username}@example.com`) => ({
  username,
  email,
  password: 'a long enough passphrase',
  name: username,
});
const signUp = (h: Harness, body: Record<string, unknown>) => call(h, 'POST', '/api/auth/signup/', { body });

async function verifiedRole(h: Harness, email: string): Promise<string> {
  const otp = await codeFromOutbox(h, email);
  const verified = await call(h, 'POST', '/api/auth/verify-email/', { body: { email, otp } });
  expect(verified.statusCode).toBe(200);
  return (await call(h, 'GET', '/api/auth/me/', { token: verified.json().access })).json().role;
}

forEachEngine((h) => {
  describe('the first account', () => {
    it('on an empty database becomes the administrator; the next ones are public', async () => {
      expect((await signUp(h, person('founder'))).statusCode).toBe(201);
      expect((await signUp(h, person('second'))).statusCode).toBe(201);
      expect(await verifiedRole(h, 'founder@example.com')).toBe('admin');
      expect(await verifiedRole(h, 'second@example.com')).toBe('public');
    });

    it('is one admin even when several people sign up on an empty database at once', async () => {
      // A slow insert holds each signup's transaction open between "is the table empty?" and its
      // commit, so without serialization every signup would see an empty table.
      const db = h.ctx.database.db;
      await db.execute(sql`create or replace function pixeli_test_slow_insert() returns trigger
        language plpgsql as $$ begin perform pg_sleep(0.2); return new; end $$`);
      await db.execute(sql`create trigger pixeli_test_slow before insert on users
        for each row execute function pixeli_test_slow_insert()`);
      try {
        const names = ['ann', 'ben', 'cat', 'dan', 'eve', 'fay'];
        const results = await Promise.all(names.map((n) => signUp(h, person(n))));
        expect(results.map((r) => r.statusCode)).toEqual(names.map(() => 201));
        const roles = await Promise.all(names.map((n) => verifiedRole(h, `${n}@example.com`)));
        expect(roles.filter((r) => r === 'admin')).toHaveLength(1);
      } finally {
        await db.execute(sql`drop trigger pixeli_test_slow on users`);
        await db.execute(sql`drop function pixeli_test_slow_insert()`);
      }
    });
  });
});

describe('SIGNUP modes', () => {
  const h = useHarness('pglite');
  const setMode = (mode: Config['SIGNUP'], domains: string[] = []) => {
    h.ctx.config.SIGNUP = mode;
    h.ctx.config.SIGNUP_EMAIL_DOMAINS = domains;
  };
  afterEach(() => setMode('open'));

  async function refusedWithNothingChanged(body: Record<string, unknown>, code: string) {
    const before = await databaseFingerprint(h);
    const mails = await outboxCount(h);
    const res = await signUp(h, body);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code });
    expect(await databaseFingerprint(h)).toBe(before);
    expect(await outboxCount(h)).toBe(mails);
  }

  it('open (the default) lets anyone sign up', async () => {
    expect((await signUp(h, person('anyone', 'anyone@anywhere.example'))).statusCode).toBe(201);
  });

  it('closed refuses everyone with signup_closed, an invite included', async () => {
    const coord = await signUpVerified(h);
    const event = await createEvent(h, coord);
    const invite = await call(h, 'POST', `/api/events/${event.id}/invites/`, {
      token: coord.access,
      body: {},
    });
    setMode('closed');
    await refusedWithNothingChanged(person('late'), 'signup_closed');
    await refusedWithNothingChanged(
      { ...person('late'), invite_token: invite.json().token },
      'signup_closed',
    );
  });

  it('domains admits only the listed email domains, exactly', async () => {
    setMode('domains', ['college.edu', 'corp.example']);
    expect((await signUp(h, person('student', 'student@college.edu'))).statusCode).toBe(201);
    expect((await signUp(h, person('staffer', 'Staffer@CORP.example'))).statusCode).toBe(201);
    await refusedWithNothingChanged(
      person('outsider', 'outsider@gmail.example'),
      'signup_domain_not_allowed',
    );
    await refusedWithNothingChanged(person('sub', 'sub@cs.college.edu'), 'signup_domain_not_allowed');
    await refusedWithNothingChanged(person('lookalike', 'x@evilcollege.edu'), 'signup_domain_not_allowed');
  });

  it('invite admits only someone holding a live event invite, who can then join with it', async () => {
    const coord = await signUpVerified(h);
    const event = await createEvent(h, coord, { read_perm: 'PRV' });
    const mkInvite = async (body: Record<string, unknown> = {}) =>
      (await call(h, 'POST', `/api/events/${event.id}/invites/`, { token: coord.access, body })).json();
    const live = await mkInvite();
    const revoked = await mkInvite();
    await call(h, 'DELETE', `/api/events/${event.id}/invites/${revoked.id}/`, { token: coord.access });
    const expiring = await mkInvite({ expires_in_hours: 1 });
    h.clock.advance(3601);
    setMode('invite');

    await refusedWithNothingChanged(person('guest'), 'signup_needs_invite');
    await refusedWithNothingChanged(
      { ...person('guest'), invite_token: 'not-a-token' },
      'signup_needs_invite',
    );
    await refusedWithNothingChanged(
      { ...person('guest'), invite_token: revoked.token },
      'signup_needs_invite',
    );
    await refusedWithNothingChanged(
      { ...person('guest'), invite_token: expiring.token },
      'signup_needs_invite',
    );

    expect((await signUp(h, { ...person('guest'), invite_token: live.token })).statusCode).toBe(201);
    const otp = await codeFromOutbox(h, 'guest@example.com');
    const verified = await call(h, 'POST', '/api/auth/verify-email/', {
      body: { email: 'guest@example.com', otp },
    });
    const joined = await call(h, 'POST', `/api/invites/${live.token}/accept/`, {
      token: verified.json().access,
    });
    expect(joined.json()).toMatchObject({ id: event.id, my_role: 'viewer' });
  });
});
