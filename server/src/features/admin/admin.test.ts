import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  call,
  forEachEngine,
  type Harness,
  setRole,
  signUpVerified,
  type TestUser,
} from '../../test/harness.js';

async function adminAndOthers(h: Harness, others: number) {
  const admin = await signUpVerified(h, { username: 'boss' });
  await setRole(h, admin.id, 'admin');
  const people: TestUser[] = [];
  for (let i = 0; i < others; i++) people.push(await signUpVerified(h, { username: `member${i}` }));
  return { admin, people };
}

forEachEngine((h) => {
  describe('GET /api/admin/users/', () => {
    it('pages through every account, newest first, with a Link header', async () => {
      const { admin } = await adminAndOthers(h, 4);
      const seen: string[] = [];
      let url: string | undefined = '/api/admin/users/?limit=2';
      while (url) {
        const res = await call(h, 'GET', url, { token: admin.access });
        expect(res.statusCode).toBe(200);
        expect(res.json().length).toBeLessThanOrEqual(2);
        seen.push(...res.json().map((u: { username: string }) => u.username));
        url = /<([^>]+)>; rel="next"/.exec(String(res.headers.link ?? ''))?.[1];
      }
      expect(seen).toEqual(['member3', 'member2', 'member1', 'member0', 'boss']);
    });

    it('filters by role and by is_active, and shows email and status', async () => {
      const { admin, people } = await adminAndOthers(h, 2);
      await setRole(h, people[0]!.id, 'img');
      await call(h, 'POST', '/api/auth/signup/', {
        body: {
          username: 'pending',
          email: 'pending@example.com',
          password: 'a long enough passphrase',
          name: 'P',
        },
      });
      const imgs = await call(h, 'GET', '/api/admin/users/?role=img', { token: admin.access });
      expect(imgs.json().map((u: { username: string }) => u.username)).toEqual(['member0']);
      const inactive = (
        await call(h, 'GET', '/api/admin/users/?is_active=false', { token: admin.access })
      ).json();
      expect(inactive).toEqual([
        expect.objectContaining({
          username: 'pending',
          email: 'pending@example.com',
          is_active: false,
          email_verified: false,
        }),
      ]);
    });

    it('refuses non-admins (403), strangers (401) and a forged cursor (400)', async () => {
      const { admin, people } = await adminAndOthers(h, 1);
      await setRole(h, people[0]!.id, 'img');
      expect((await call(h, 'GET', '/api/admin/users/', { token: people[0]!.access })).statusCode).toBe(403);
      expect((await call(h, 'GET', '/api/admin/users/')).statusCode).toBe(401);
      const forged = await call(h, 'GET', '/api/admin/users/?cursor=bm90LWpzb24', { token: admin.access });
      expect(forged.statusCode).toBe(400);
      expect((await call(h, 'GET', '/api/admin/users/?role=king', { token: admin.access })).statusCode).toBe(
        400,
      );
    });
  });

  describe('PATCH /api/admin/users/<id>/', () => {
    it('changes a role, which takes effect on the next request', async () => {
      const { admin, people } = await adminAndOthers(h, 1);
      const member = people[0]!;
      const res = await call(h, 'PATCH', `/api/admin/users/${member.id}/`, {
        token: admin.access,
        body: { role: 'img' },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ id: member.id, role: 'img' });
      expect((await call(h, 'GET', '/api/auth/me/', { token: member.access })).json().role).toBe('img');
    });

    it('disabling an account ends its sign-ins; enabling lets it sign in again', async () => {
      const { admin, people } = await adminAndOthers(h, 1);
      const member = people[0]!;
      await call(h, 'PATCH', `/api/admin/users/${member.id}/`, {
        token: admin.access,
        body: { is_active: false },
      });
      expect((await call(h, 'GET', '/api/auth/me/', { token: member.access })).statusCode).toBe(401);
      await call(h, 'PATCH', `/api/admin/users/${member.id}/`, {
        token: admin.access,
        body: { is_active: true },
      });
      const login = await call(h, 'POST', '/api/auth/login/', {
        body: { username: member.username, password: member.password },
      });
      expect(login.statusCode).toBe(200);
    });

    it('refuses non-admins, self-changes, unknown users and empty bodies', async () => {
      const { admin, people } = await adminAndOthers(h, 1);
      const member = people[0]!;
      const asMember = await call(h, 'PATCH', `/api/admin/users/${member.id}/`, {
        token: member.access,
        body: { role: 'admin' },
      });
      expect(asMember.statusCode).toBe(403);
      expect((await call(h, 'GET', '/api/auth/me/', { token: member.access })).json().role).toBe('public');
      const self = await call(h, 'PATCH', `/api/admin/users/${admin.id}/`, {
        token: admin.access,
        body: { role: 'public' },
      });
      expect(self.statusCode).toBe(409);
      const unknown = await call(h, 'PATCH', '/api/admin/users/00000000-0000-4000-8000-000000000000/', {
        token: admin.access,
        body: { role: 'img' },
      });
      expect(unknown.statusCode).toBe(404);
      const empty = await call(h, 'PATCH', `/api/admin/users/${member.id}/`, {
        token: admin.access,
        body: {},
      });
      expect(empty.statusCode).toBe(400);
      const badId = await call(h, 'PATCH', '/api/admin/users/not-a-uuid/', {
        token: admin.access,
        body: { role: 'img' },
      });
      expect(badId.statusCode).toBe(400);
    });
  });
});

forEachEngine((h) => {
  it('pages without skipping accounts created within the same millisecond', async () => {
    const admin = await signUpVerified(h, { username: 'boss' });
    await setRole(h, admin.id, 'admin');
    // One statement: every row gets the same now(), down to the microsecond on PostgreSQL.
    await h.ctx.database.db.execute(sql`
      insert into users (username, email, password_hash, name, is_active)
      select 'twin' || n, 'twin' || n || '@example.com', 'x', 'Twin', true from generate_series(1, 3) n`);
    const seen: string[] = [];
    let url: string | undefined = '/api/admin/users/?limit=1';
    while (url) {
      const res = await call(h, 'GET', url, { token: admin.access });
      seen.push(...res.json().map((u: { username: string }) => u.username));
      url = /<([^>]+)>; rel="next"/.exec(String(res.headers.link ?? ''))?.[1];
    }
    expect(seen.sort()).toEqual(['boss', 'twin1', 'twin2', 'twin3']);
  });
});
