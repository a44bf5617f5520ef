import { describe, expect, it } from 'vitest';
import { addPhoto, createEvent } from '../../test/fixtures.js';
import { call, forEachEngine, type Harness, setRole, signUpVerified } from '../../test/harness.js';
import { BROWSER, createShare } from '../../test/sharing.js';

/**
 * A share link lives only while its creator may still share what it shares (issue 10, item 1):
 * every open re-checks the creator's rights, and a link that fails them answers as a revoked one.
 */

/** What the JSON route, the page and a bare `/s/` fetch answer: all three must agree. */
async function answers(h: Harness, token: string) {
  return [
    (await call(h, 'GET', `/api/photos/share/${token}/`)).statusCode,
    (await call(h, 'GET', `/s/${token}`, { headers: BROWSER })).statusCode,
    (await call(h, 'GET', `/s/${token}`)).statusCode,
  ];
}
const LIVE = [200, 200, 302];
const DEAD = [410, 410, 410];

async function expectDeadLikeRevoked(h: Harness, token: string) {
  expect(await answers(h, token)).toEqual(DEAD);
  const json = (await call(h, 'GET', `/api/photos/share/${token}/`)).json();
  expect(json.code).toBe('share_link_gone');
  const page = await call(h, 'GET', `/s/${token}`, { headers: BROWSER });
  expect(page.body).toContain('This link no longer works');
}

forEachEngine((h) => {
  describe('share links follow their creator’s rights', () => {
    it('die when the photographer sets share_perm to DI, and come back when sharing is allowed again', async () => {
      const photographer = await signUpVerified(h);
      const fan = await signUpVerified(h);
      const event = await createEvent(h, photographer);
      const photo = await addPhoto(h, event.id, photographer, { sharePerm: 'AN' });
      const link = await createShare(h, fan, photo);
      expect(await answers(h, link.token)).toEqual(LIVE);

      const patch = (share_perm: string) =>
        call(h, 'PATCH', `/api/photos/${photo}/`, { token: photographer.access, body: { share_perm } });
      expect((await patch('DI')).statusCode).toBe(200);
      await expectDeadLikeRevoked(h, link.token);
      // A dead link counts no opens.
      const mine = (await call(h, 'GET', '/api/photos/shares/', { token: fan.access })).json();
      expect(mine[0].opens).toBe(3);

      expect((await patch('AN')).statusCode).toBe(200);
      expect(await answers(h, link.token)).toEqual(LIVE);
    });

    it('die when their creator is removed from a private event, and stay dead once the photo is PRV', async () => {
      const coordinator = await signUpVerified(h);
      const member = await signUpVerified(h);
      const event = await createEvent(h, coordinator, { read_perm: 'PRV' });
      await call(h, 'POST', `/api/events/${event.id}/members/`, {
        token: coordinator.access,
        body: { username: member.username },
      });
      const photo = await addPhoto(h, event.id, coordinator, { sharePerm: 'AN' });
      const link = await createShare(h, member, photo);
      expect(await answers(h, link.token)).toEqual(LIVE);

      const removed = await call(h, 'DELETE', `/api/events/${event.id}/members/${member.id}/`, {
        token: coordinator.access,
      });
      expect(removed.statusCode).toBe(204);
      expect((await call(h, 'GET', `/api/photos/${photo}/`, { token: member.access })).statusCode).toBe(404);
      await expectDeadLikeRevoked(h, link.token);

      const hidden = await call(h, 'PATCH', `/api/photos/${photo}/`, {
        token: coordinator.access,
        body: { read_perm: 'PRV' },
      });
      expect(hidden.statusCode).toBe(200);
      await expectDeadLikeRevoked(h, link.token);
    });

    it('to the original die when the event keeps originals for its staff, while a W link lives on', async () => {
      const coordinator = await signUpVerified(h);
      const member = await signUpVerified(h);
      const event = await createEvent(h, coordinator, { original_access: 'members' });
      await call(h, 'POST', `/api/events/${event.id}/members/`, {
        token: coordinator.access,
        body: { username: member.username },
      });
      const photo = await addPhoto(h, event.id, coordinator, { sharePerm: 'AN' });
      const original = await createShare(h, member, photo, { variant_key: 'O' });
      const watermarked = await createShare(h, member, photo);
      expect(await answers(h, original.token)).toEqual(LIVE);

      const staffOnly = await call(h, 'PATCH', `/api/events/${event.id}/`, {
        token: coordinator.access,
        body: { original_access: 'staff' },
      });
      expect(staffOnly.statusCode).toBe(200);
      await expectDeadLikeRevoked(h, original.token);
      expect(await answers(h, watermarked.token)).toEqual(LIVE);
    });

    it('die with their creator’s account when an admin deactivates it, and come back with it', async () => {
      const photographer = await signUpVerified(h);
      const fan = await signUpVerified(h);
      const admin = await signUpVerified(h);
      await setRole(h, admin.id, 'admin');
      const event = await createEvent(h, photographer);
      const photo = await addPhoto(h, event.id, photographer, { sharePerm: 'AN' });
      const link = await createShare(h, fan, photo);
      const setActive = (is_active: boolean) =>
        call(h, 'PATCH', `/api/admin/users/${fan.id}/`, { token: admin.access, body: { is_active } });
      expect((await setActive(false)).statusCode).toBe(200);
      await expectDeadLikeRevoked(h, link.token);
      expect((await setActive(true)).statusCode).toBe(200);
      expect(await answers(h, link.token)).toEqual(LIVE);
    });

    it('of the photo’s own staff outlive a member’s loss of rights', async () => {
      const coordinator = await signUpVerified(h);
      const event = await createEvent(h, coordinator, { original_access: 'staff' });
      const photo = await addPhoto(h, event.id, coordinator, { sharePerm: 'OR' });
      const link = await createShare(h, coordinator, photo, { variant_key: 'O' });
      await call(h, 'PATCH', `/api/photos/${photo}/`, {
        token: coordinator.access,
        body: { read_perm: 'PRV' },
      });
      expect(await answers(h, link.token)).toEqual(LIVE);
    });
  });
});
