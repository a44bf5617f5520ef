import { describe, expect, it } from 'vitest';
import { call, databaseFingerprint, forEachEngine, signUpVerified } from '../../test/harness.js';

forEachEngine((h) => {
  describe('GET /api/auth/me/', () => {
    it("returns the original's UserSerializer fields, counters at zero for a newcomer", async () => {
      const u = await signUpVerified(h, { name: 'Ada Lovelace' });
      const res = await call(h, 'GET', '/api/auth/me/', { token: u.access });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        id: u.id,
        username: u.username,
        email: u.email,
        name: 'Ada Lovelace',
        profile_pic: null,
        bio: null,
        batch: null,
        department: null,
        role: 'public',
        face_matching: true,
        photos_count: 0,
        events_count: 0,
        likes_count: 0,
        downloads_count: 0,
      });
    });
  });

  describe('PUT and PATCH /api/auth/me/', () => {
    it.each(['PUT', 'PATCH'] as const)('%s changes only the fields given', async (method) => {
      const u = await signUpVerified(h);
      const res = await call(h, method, '/api/auth/me/', {
        token: u.access,
        body: { bio: 'I shoot film', batch: '2024', profile_pic: 'https://example.com/me.jpg' },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ bio: 'I shoot film', batch: '2024', department: null });
      const after = await call(h, method, '/api/auth/me/', {
        token: u.access,
        body: { department: 'Physics' },
      });
      expect(after.json()).toMatchObject({ bio: 'I shoot film', department: 'Physics' });
    });

    it('ignores attempts to change username, email or role', async () => {
      const u = await signUpVerified(h);
      const res = await call(h, 'PATCH', '/api/auth/me/', {
        token: u.access,
        body: { username: 'hijack', email: 'x@example.com', role: 'admin', name: 'New Name' },
      });
      expect(res.json()).toMatchObject({
        username: u.username,
        email: u.email,
        role: 'public',
        name: 'New Name',
      });
    });

    it.each([
      ['a non-http profile_pic', { profile_pic: 'javascript:alert(1)' }, 'profile_pic'],
      ['a blank name', { name: '   ' }, 'name'],
      ['a long batch', { batch: 'x'.repeat(33) }, 'batch'],
    ])('refuses %s and changes nothing', async (_label, body, field) => {
      const u = await signUpVerified(h);
      const before = await databaseFingerprint(h);
      const res = await call(h, 'PATCH', '/api/auth/me/', { token: u.access, body });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toHaveProperty(field);
      expect(await databaseFingerprint(h)).toBe(before);
    });

    it('needs a sign-in', async () => {
      expect((await call(h, 'PATCH', '/api/auth/me/', { body: { bio: 'x' } })).statusCode).toBe(401);
    });
  });

  describe('GET /api/auth/search/', () => {
    it('matches active users by username or name prefix, with ids, exact username first', async () => {
      const viewer = await signUpVerified(h, { username: 'viewer' });
      await signUpVerified(h, { username: 'sam', name: 'Samuel Ortiz' });
      await signUpVerified(h, { username: 'samantha', name: 'Samantha Lee' });
      await signUpVerified(h, { username: 'olivia', name: 'Sam Olivia' });
      await call(h, 'POST', '/api/auth/signup/', {
        body: {
          username: 'samwise',
          email: 'sw@example.com',
          password: 'a long enough passphrase',
          name: 'Sam W',
        },
      });
      const res = await call(h, 'GET', '/api/auth/search/?q=SAM', { token: viewer.access });
      expect(res.statusCode).toBe(200);
      const names = res.json().map((u: { username: string }) => u.username);
      expect(names[0]).toBe('sam');
      expect(names.sort()).toEqual(['olivia', 'sam', 'samantha']);
      expect(res.json()[0]).toEqual({
        id: expect.any(String),
        username: 'sam',
        name: 'Samuel Ortiz',
        profile_pic: null,
      });
    });

    it('treats % and _ literally, caps l at 50, and answers [] for an empty q', async () => {
      const viewer = await signUpVerified(h, { username: 'viewer' });
      expect((await call(h, 'GET', '/api/auth/search/?q=%25', { token: viewer.access })).json()).toEqual([]);
      expect((await call(h, 'GET', '/api/auth/search/?q=', { token: viewer.access })).json()).toEqual([]);
      const capped = await call(h, 'GET', '/api/auth/search/?q=v&l=100000', { token: viewer.access });
      expect(capped.statusCode).toBe(200);
      expect((await call(h, 'GET', '/api/auth/search/?q=v&l=-1', { token: viewer.access })).statusCode).toBe(
        400,
      );
    });

    it('needs a sign-in', async () => {
      expect((await call(h, 'GET', '/api/auth/search/?q=a')).statusCode).toBe(401);
    });
  });

  describe('GET /api/users/<username>/', () => {
    it('shows a public profile without the email, by username in any case', async () => {
      const viewer = await signUpVerified(h);
      const other = await signUpVerified(h, { username: 'Grace', name: 'Grace Hopper' });
      const res = await call(h, 'GET', '/api/users/grace/', { token: viewer.access });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ id: other.id, username: 'Grace', name: 'Grace Hopper' });
      expect(res.json()).not.toHaveProperty('email');
    });

    it('answers 404 for unknown and unverified people, 401 without a sign-in', async () => {
      const viewer = await signUpVerified(h);
      await call(h, 'POST', '/api/auth/signup/', {
        body: {
          username: 'pending',
          email: 'p@example.com',
          password: 'a long enough passphrase',
          name: 'P',
        },
      });
      expect((await call(h, 'GET', '/api/users/pending/', { token: viewer.access })).statusCode).toBe(404);
      expect((await call(h, 'GET', '/api/users/nobody/', { token: viewer.access })).statusCode).toBe(404);
      expect((await call(h, 'GET', '/api/users/pending/')).statusCode).toBe(401);
    });
  });
});
