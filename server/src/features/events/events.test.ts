import { describe, expect, it } from 'vitest';
import { addPhoto } from '../../test/fixtures.js';
import {
  call,
  countRows,
  forEachEngine,
  type Harness,
  setRole,
  signUpVerified,
  type TestUser,
} from '../../test/harness.js';

const createEvent = (h: Harness, who: TestUser, body: Record<string, unknown>) =>
  call(h, 'POST', '/api/events/', { token: who.access, body });

forEachEngine((h) => {
  describe('creating and reading events', () => {
    it('creates an event with me as coordinator and sensible defaults', async () => {
      const ada = await signUpVerified(h);
      const res = await createEvent(h, ada, { title: '  Spring Fest  ', location: 'Main lawn' });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({
        title: 'Spring Fest',
        read_perm: 'PUB',
        write_perm: 'PUB',
        can_write: true,
        can_manage: true,
        my_role: 'coordinator',
        coordinator: { id: ada.id, username: ada.username },
        images_count: 0,
        cover_photo: null,
        original_access: 'staff',
        allow_download: true,
        location: 'Main lawn',
      });
      const got = await call(h, 'GET', `/api/events/${res.json().id}/`, { token: ada.access });
      expect(got.json().title).toBe('Spring Fest');
    });

    it('refuses a blank title, a bad level, and an end before the start', async () => {
      const ada = await signUpVerified(h);
      for (const body of [
        { title: ' ' },
        { title: 'x', read_perm: 'SECRET' },
        { title: 'x', starts_at: '2026-05-02T10:00:00Z', ends_at: '2026-05-01T10:00:00Z' },
      ]) {
        expect((await createEvent(h, ada, body)).statusCode).toBe(400);
      }
      expect(await countRows(h, 'events')).toBe(0);
      expect((await call(h, 'POST', '/api/events/', { body: { title: 'x' } })).statusCode).toBe(401);
    });

    it('lists what each person may see: PRV only for its people, IMG for img members', async () => {
      const coord = await signUpVerified(h);
      const img = await signUpVerified(h);
      const stranger = await signUpVerified(h);
      const admin = await signUpVerified(h);
      await setRole(h, img.id, 'img');
      await setRole(h, admin.id, 'admin');
      await createEvent(h, coord, { title: 'open', read_perm: 'PUB' });
      await createEvent(h, coord, { title: 'club', read_perm: 'IMG' });
      const secret = (await createEvent(h, coord, { title: 'secret', read_perm: 'PRV' })).json();
      const titles = async (who: TestUser) =>
        (await call(h, 'GET', '/api/events/', { token: who.access }))
          .json()
          .map((e: { title: string }) => e.title);
      expect((await titles(coord)).sort()).toEqual(['club', 'open', 'secret']);
      expect((await titles(img)).sort()).toEqual(['club', 'open']);
      expect(await titles(stranger)).toEqual(['open']);
      expect((await titles(admin)).sort()).toEqual(['club', 'open', 'secret']);
      // A private event's existence is private: 404, not 403.
      expect((await call(h, 'GET', `/api/events/${secret.id}/`, { token: stranger.access })).statusCode).toBe(
        404,
      );
    });

    it('pages with limit and a Link header', async () => {
      const ada = await signUpVerified(h);
      for (let i = 0; i < 5; i++) await createEvent(h, ada, { title: `e${i}` });
      const first = await call(h, 'GET', '/api/events/?limit=2', { token: ada.access });
      expect(first.json().map((e: { title: string }) => e.title)).toEqual(['e4', 'e3']);
      const next = /<([^>]+)>; rel="next"/.exec(String(first.headers.link))?.[1];
      const second = await call(h, 'GET', next!, { token: ada.access });
      expect(second.json().map((e: { title: string }) => e.title)).toEqual(['e2', 'e1']);
    });
  });

  describe('counts and covers show only what the viewer may see', () => {
    it('images_count and cover_photo skip private and unprocessed photos (the original leaked them)', async () => {
      const coord = await signUpVerified(h);
      const guest = await signUpVerified(h);
      const event = (await createEvent(h, coord, { title: 'party' })).json();
      const hidden = await addPhoto(h, event.id, coord, {
        readPerm: 'PRV',
        timestamp: new Date('2020-01-01'),
      });
      const shown = await addPhoto(h, event.id, coord, { timestamp: new Date('2021-01-01') });
      await addPhoto(h, event.id, coord, { status: 'PE' });
      const asGuest = (await call(h, 'GET', `/api/events/${event.id}/`, { token: guest.access })).json();
      expect(asGuest.images_count).toBe(1);
      expect(asGuest.cover_photo.id).toBe(shown);
      const asCoord = (await call(h, 'GET', `/api/events/${event.id}/`, { token: coord.access })).json();
      expect(asCoord.images_count).toBe(3);
      expect(asCoord.cover_photo.id).toBe(hidden);
      expect(asCoord.cover_photo.thumbnail_url).toMatch(/^https?:\/\//);
    });

    it('a chosen cover wins when the viewer may see it, and must belong to the event', async () => {
      const coord = await signUpVerified(h);
      const event = (await createEvent(h, coord, { title: 'party' })).json();
      await addPhoto(h, event.id, coord, { timestamp: new Date('2020-01-01') });
      const later = await addPhoto(h, event.id, coord, { timestamp: new Date('2022-01-01') });
      const other = (await createEvent(h, coord, { title: 'other' })).json();
      const foreign = await addPhoto(h, other.id, coord);
      const bad = await call(h, 'PATCH', `/api/events/${event.id}/`, {
        token: coord.access,
        body: { cover_photo: foreign },
      });
      expect(bad.statusCode).toBe(400);
      const ok = await call(h, 'PATCH', `/api/events/${event.id}/`, {
        token: coord.access,
        body: { cover_photo: later },
      });
      expect(ok.json().cover_photo.id).toBe(later);

      // A chosen cover the viewer may not see gives way to the earliest photo they may see.
      const first = await addPhoto(h, event.id, coord, { timestamp: new Date('2019-06-01') });
      const secret = await addPhoto(h, event.id, coord, {
        readPerm: 'PRV',
        timestamp: new Date('2023-01-01'),
      });
      await call(h, 'PATCH', `/api/events/${event.id}/`, {
        token: coord.access,
        body: { cover_photo: secret },
      });
      const guest = await signUpVerified(h);
      const seen = (await call(h, 'GET', `/api/events/${event.id}/`, { token: guest.access })).json();
      expect(seen.cover_photo.id).toBe(first);
      const own = (await call(h, 'GET', `/api/events/${event.id}/`, { token: coord.access })).json();
      expect(own.cover_photo.id).toBe(secret);
    });
  });

  describe('changing and deleting events', () => {
    it('only the coordinator or an admin may change an event', async () => {
      const coord = await signUpVerified(h);
      const other = await signUpVerified(h);
      const admin = await signUpVerified(h);
      await setRole(h, admin.id, 'admin');
      const event = (await createEvent(h, coord, { title: 'party' })).json();
      const denied = await call(h, 'PATCH', `/api/events/${event.id}/`, {
        token: other.access,
        body: { title: 'mine' },
      });
      expect(denied.statusCode).toBe(403);
      const put = await call(h, 'PUT', `/api/events/${event.id}/`, {
        token: coord.access,
        body: { read_perm: 'PRV' },
      });
      expect(put.json()).toMatchObject({ title: 'party', read_perm: 'PRV' });
      // Now private: the other user may not even learn it exists.
      expect(
        (await call(h, 'PATCH', `/api/events/${event.id}/`, { token: other.access, body: {} })).statusCode,
      ).toBe(404);
      const byAdmin = await call(h, 'PATCH', `/api/events/${event.id}/`, {
        token: admin.access,
        body: { title: 'Party!' },
      });
      expect(byAdmin.json().title).toBe('Party!');
    });

    it('deleting an event with photos needs cascade, which removes the photos too', async () => {
      const coord = await signUpVerified(h);
      const event = (await createEvent(h, coord, { title: 'party' })).json();
      await addPhoto(h, event.id, coord);
      const refused = await call(h, 'DELETE', `/api/events/${event.id}/`, { token: coord.access });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().code).toBe('event_has_photos');
      const done = await call(h, 'DELETE', `/api/events/${event.id}/?cascade=true`, { token: coord.access });
      expect(done.statusCode).toBe(204);
      expect(await countRows(h, 'photos')).toBe(0);
      expect(await countRows(h, 'events')).toBe(0);
    });

    it('strangers cannot delete, and an empty event deletes without cascade', async () => {
      const coord = await signUpVerified(h);
      const other = await signUpVerified(h);
      const event = (await createEvent(h, coord, { title: 'party' })).json();
      expect((await call(h, 'DELETE', `/api/events/${event.id}/`, { token: other.access })).statusCode).toBe(
        403,
      );
      expect((await call(h, 'DELETE', `/api/events/${event.id}/`, { token: coord.access })).statusCode).toBe(
        204,
      );
    });
  });

  describe('members', () => {
    it('the coordinator adds people by username; members see a private event and its member list', async () => {
      const coord = await signUpVerified(h);
      const friend = await signUpVerified(h);
      const event = (
        await createEvent(h, coord, { title: 'wedding', read_perm: 'PRV', write_perm: 'PRV' })
      ).json();
      const added = await call(h, 'POST', `/api/events/${event.id}/members/`, {
        token: coord.access,
        body: { username: friend.username.toUpperCase(), role: 'viewer' },
      });
      expect(added.statusCode).toBe(201);
      expect(added.json()).toMatchObject({ user: { id: friend.id }, role: 'viewer' });
      const seen = (await call(h, 'GET', `/api/events/${event.id}/`, { token: friend.access })).json();
      expect(seen).toMatchObject({
        my_role: 'viewer',
        can_write: false,
        can_manage: false,
        members_count: 1,
      });
      const promoted = await call(h, 'PATCH', `/api/events/${event.id}/members/${friend.id}/`, {
        token: coord.access,
        body: { role: 'contributor' },
      });
      expect(promoted.json().role).toBe('contributor');
      expect(
        (await call(h, 'GET', `/api/events/${event.id}/`, { token: friend.access })).json().can_write,
      ).toBe(true);
      const list = await call(h, 'GET', `/api/events/${event.id}/members/`, { token: friend.access });
      expect(list.json()).toHaveLength(1);
    });

    it('members cannot add people; a member may leave; strangers get 404', async () => {
      const coord = await signUpVerified(h);
      const friend = await signUpVerified(h);
      const stranger = await signUpVerified(h);
      const event = (await createEvent(h, coord, { title: 'wedding', read_perm: 'PRV' })).json();
      await call(h, 'POST', `/api/events/${event.id}/members/`, {
        token: coord.access,
        body: { username: friend.username },
      });
      const byMember = await call(h, 'POST', `/api/events/${event.id}/members/`, {
        token: friend.access,
        body: { username: stranger.username },
      });
      expect(byMember.statusCode).toBe(403);
      const byStranger = await call(h, 'GET', `/api/events/${event.id}/members/`, { token: stranger.access });
      expect(byStranger.statusCode).toBe(404);
      const unknown = await call(h, 'POST', `/api/events/${event.id}/members/`, {
        token: coord.access,
        body: { username: 'nobody-here' },
      });
      expect(unknown.statusCode).toBe(400);
      const leave = await call(h, 'DELETE', `/api/events/${event.id}/members/${friend.id}/`, {
        token: friend.access,
      });
      expect(leave.statusCode).toBe(204);
      expect((await call(h, 'GET', `/api/events/${event.id}/`, { token: friend.access })).statusCode).toBe(
        404,
      );
    });
  });

  describe('invite links', () => {
    it('a link shows what it is for without sign-in, and joins with its role', async () => {
      const coord = await signUpVerified(h);
      const guest = await signUpVerified(h);
      const event = (
        await createEvent(h, coord, { title: 'reunion', read_perm: 'PRV', write_perm: 'PRV' })
      ).json();
      const invite = await call(h, 'POST', `/api/events/${event.id}/invites/`, {
        token: coord.access,
        body: { role: 'contributor', max_uses: 1 },
      });
      expect(invite.statusCode).toBe(201);
      const { token, url } = invite.json();
      expect(url).toContain(token);
      const preview = await call(h, 'GET', `/api/invites/${token}/`);
      expect(preview.json()).toMatchObject({ event: { title: 'reunion' }, role: 'contributor' });
      const accepted = await call(h, 'POST', `/api/invites/${token}/accept/`, { token: guest.access });
      expect(accepted.json()).toMatchObject({ id: event.id, my_role: 'contributor', can_write: true });
      // max_uses 1: spent.
      const late = await signUpVerified(h);
      expect(
        (await call(h, 'POST', `/api/invites/${token}/accept/`, { token: late.access })).statusCode,
      ).toBe(404);
      // The preview tells an ended link (410) from one that never existed (404), as the page does.
      const ended = await call(h, 'GET', `/api/invites/${token}/`);
      expect(ended.statusCode).toBe(410);
      expect(ended.json().code).toBe('invite_ended');
      const listed = await call(h, 'GET', `/api/events/${event.id}/invites/`, { token: coord.access });
      expect(listed.json()[0]).toMatchObject({ uses: 1, max_uses: 1 });
      expect(listed.json()[0]).not.toHaveProperty('token');
    });

    it('revoked and expired links stop working; only managers create or list them', async () => {
      const coord = await signUpVerified(h);
      const guest = await signUpVerified(h);
      const event = (await createEvent(h, coord, { title: 'reunion', read_perm: 'PRV' })).json();
      const mk = () =>
        call(h, 'POST', `/api/events/${event.id}/invites/`, {
          token: coord.access,
          body: { expires_in_hours: 1 },
        });
      const revoked = (await mk()).json();
      await call(h, 'DELETE', `/api/events/${event.id}/invites/${revoked.id}/`, { token: coord.access });
      expect(
        (await call(h, 'POST', `/api/invites/${revoked.token}/accept/`, { token: guest.access })).statusCode,
      ).toBe(404);
      const asGuest = await call(h, 'POST', `/api/events/${event.id}/invites/`, {
        token: guest.access,
        body: {},
      });
      expect(asGuest.statusCode).toBe(404);
      const expiring = (await mk()).json();
      h.clock.advance(3601);
      const fresh = (
        await call(h, 'POST', '/api/auth/login/', {
          body: { username: guest.username, password: guest.password },
        })
      ).json();
      expect(
        (await call(h, 'POST', `/api/invites/${expiring.token}/accept/`, { token: fresh.access })).statusCode,
      ).toBe(404);
      expect((await call(h, 'GET', '/api/invites/not-a-real-token-at-all/')).statusCode).toBe(404);
      expect((await call(h, 'POST', `/api/invites/${expiring.token}/accept/`)).statusCode).toBe(401);
    });
  });
});
