import { describe, expect, it } from 'vitest';
import { addPhoto, createEvent } from '../../test/fixtures.js';
import {
  call,
  forEachEngine,
  type Harness,
  setRole,
  signUpVerified,
  type TestUser,
} from '../../test/harness.js';
import { createShare } from '../../test/sharing.js';

/** `GET /api/photos/<id>/shares/`: the people who answer for a photo see and stop every link to it. */

/** A private event run by a coordinator, a photo by another member, a fan who may read it. */
async function scene(h: Harness) {
  const coordinator = await signUpVerified(h);
  const photographer = await signUpVerified(h);
  const fan = await signUpVerified(h);
  const stranger = await signUpVerified(h);
  const admin = await signUpVerified(h);
  await setRole(h, admin.id, 'admin');
  const event = await createEvent(h, coordinator, { read_perm: 'PRV' });
  for (const [who, role] of [
    [photographer, 'contributor'],
    [fan, 'viewer'],
  ] as const) {
    await call(h, 'POST', `/api/events/${event.id}/members/`, {
      token: coordinator.access,
      body: { username: who.username, role },
    });
  }
  const photo = await addPhoto(h, event.id, photographer, { sharePerm: 'AN' });
  return { coordinator, photographer, fan, stranger, admin, photo };
}

const list = (h: Harness, who: TestUser | null, photo: string) =>
  call(h, 'GET', `/api/photos/${photo}/shares/`, who ? { token: who.access } : {});

forEachEngine((h) => {
  describe('the links to a photo', () => {
    it('are listed to its photographer, the coordinator and admins: live ones only, who made them, never a token', async () => {
      const s = await scene(h);
      const byFan = await createShare(h, s.fan, s.photo, { password: 'open sesame' });
      const byPhotographer = await createShare(h, s.photographer, s.photo, { variant_key: 'O' });
      const revoked = await createShare(h, s.fan, s.photo);
      await call(h, 'DELETE', `/api/photos/shares/${revoked.id}/`, { token: s.fan.access });
      const expiring = await createShare(h, s.fan, s.photo, {
        expires_at: new Date(Date.now() + 20 * 60_000),
      });
      await call(h, 'GET', `/api/photos/share/${byPhotographer.token}/`);
      h.clock.advance(30 * 60);

      for (const who of [s.photographer, s.coordinator, s.admin]) {
        const res = await list(h, who, s.photo);
        expect(res.statusCode).toBe(200);
        const links = res.json() as Array<Record<string, unknown>>;
        expect(links.map((l) => l.id)).toEqual([byPhotographer.id, byFan.id]);
        expect(links[0]).toMatchObject({
          variant_key: 'O',
          opens: 1,
          has_password: false,
          revoked: false,
          created_by: { id: s.photographer.id, username: s.photographer.username },
        });
        expect(links[1]).toMatchObject({
          variant_key: 'W',
          has_password: true,
          created_by: { id: s.fan.id },
        });
        expect(JSON.stringify(links)).not.toContain(byFan.token);
        expect(links[0]).not.toHaveProperty('token');
        expect(JSON.stringify(links)).not.toContain(expiring.id);
      }
    });

    it('are not listed to anyone else: 403 if they can read the photo, 404 if not, 401 signed out', async () => {
      const s = await scene(h);
      await createShare(h, s.fan, s.photo);
      const fan = await list(h, s.fan, s.photo);
      expect(fan.statusCode).toBe(403);
      expect(fan.json().code).toBe('not_photo_staff');
      expect((await list(h, s.stranger, s.photo)).statusCode).toBe(404);
      expect((await list(h, null, s.photo)).statusCode).toBe(401);
      expect((await list(h, s.admin, '00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
      expect(
        (await call(h, 'GET', '/api/photos/not-a-uuid/shares/', { token: s.admin.access })).statusCode,
      ).toBe(400);
    });

    it('may be revoked by the coordinator as by the photographer, not by someone else', async () => {
      const s = await scene(h);
      const first = await createShare(h, s.fan, s.photo);
      const second = await createShare(h, s.fan, s.photo);
      const byStranger = await call(h, 'DELETE', `/api/photos/shares/${first.id}/`, {
        token: s.stranger.access,
      });
      expect(byStranger.statusCode).toBe(403);
      const byCoordinator = await call(h, 'DELETE', `/api/photos/shares/${first.id}/`, {
        token: s.coordinator.access,
      });
      expect(byCoordinator.statusCode).toBe(204);
      expect((await call(h, 'GET', `/api/photos/share/${first.token}/`)).statusCode).toBe(410);
      const byToken = await call(h, 'DELETE', `/api/photos/share/${second.token}/`, {
        token: s.coordinator.access,
      });
      expect(byToken.statusCode).toBe(204);
      const left = (await list(h, s.coordinator, s.photo)).json() as Array<{ id: string }>;
      expect(left.map((l) => l.id)).not.toContain(first.id);
      expect(left.map((l) => l.id)).not.toContain(second.id);
    });
  });
});
