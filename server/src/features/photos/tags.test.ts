import { describe, expect, it } from 'vitest';
import { addPhoto, createEvent } from '../../test/fixtures.js';
import { call, forEachEngine, signUpVerified } from '../../test/harness.js';

forEachEngine((h) => {
  describe('people tags', () => {
    it('the photographer tags people, who then see the photo; a tagged person may untag themselves', async () => {
      const ada = await signUpVerified(h);
      const bob = await signUpVerified(h);
      const event = await createEvent(h, ada, { read_perm: 'PRV' });
      const photo = await addPhoto(h, event.id, ada);
      expect((await call(h, 'GET', `/api/photos/${photo}/`, { token: bob.access })).statusCode).toBe(404);
      const tagged = await call(h, 'POST', `/api/photos/${photo}/tags/`, {
        token: ada.access,
        body: { usernames: [bob.username.toUpperCase()] },
      });
      expect(tagged.statusCode).toBe(200);
      expect(tagged.json().tagged_users.map((u: { id: string }) => u.id)).toEqual([bob.id]);
      expect((await call(h, 'GET', `/api/photos/${photo}/`, { token: bob.access })).statusCode).toBe(200);
      const off = await call(h, 'DELETE', `/api/photos/${photo}/tags/${bob.id}/`, { token: bob.access });
      expect(off.statusCode).toBe(204);
      expect((await call(h, 'GET', `/api/photos/${photo}/`, { token: bob.access })).statusCode).toBe(404);
    });

    it('refuses unknown usernames, and tagging or untagging by others', async () => {
      const ada = await signUpVerified(h);
      const bob = await signUpVerified(h);
      const carol = await signUpVerified(h);
      const event = await createEvent(h, ada);
      const photo = await addPhoto(h, event.id, ada);
      const unknown = await call(h, 'POST', `/api/photos/${photo}/tags/`, {
        token: ada.access,
        body: { usernames: ['nobody-at-all'] },
      });
      expect(unknown.statusCode).toBe(400);
      // One field name for unknown people, as uploads answer it (the original client reads it there).
      expect(unknown.json()).toEqual({ tagged_usernames: ['Unknown usernames: nobody-at-all'] });
      const empty = await call(h, 'POST', `/api/photos/${photo}/tags/`, { token: ada.access, body: {} });
      expect(empty.statusCode).toBe(400);
      expect(Object.keys(empty.json())).toEqual(['tagged_usernames']);
      const byOther = await call(h, 'POST', `/api/photos/${photo}/tags/`, {
        token: carol.access,
        body: { usernames: [bob.username] },
      });
      expect(byOther.statusCode).toBe(403);
      await call(h, 'POST', `/api/photos/${photo}/tags/`, {
        token: ada.access,
        body: { usernames: [bob.username] },
      });
      expect(
        (await call(h, 'DELETE', `/api/photos/${photo}/tags/${bob.id}/`, { token: carol.access })).statusCode,
      ).toBe(403);
      expect(
        (await call(h, 'DELETE', `/api/photos/${photo}/tags/${carol.id}/`, { token: ada.access })).statusCode,
      ).toBe(404);
    });

    it('members tag people where the event allows it, and only there', async () => {
      const ada = await signUpVerified(h);
      const member = await signUpVerified(h);
      const reader = await signUpVerified(h);
      const friend = await signUpVerified(h);
      const event = await createEvent(h, ada, { read_perm: 'PUB' });
      const added = await call(h, 'POST', `/api/events/${event.id}/members/`, {
        token: ada.access,
        body: { username: member.username, role: 'viewer' },
      });
      expect(added.statusCode).toBe(201);
      const photo = await addPhoto(h, event.id, ada);
      const tag = (who: { access: string }) =>
        call(h, 'POST', `/api/photos/${photo}/tags/`, {
          token: who.access,
          body: { usernames: [friend.username] },
        });

      expect((await tag(member)).statusCode).toBe(403);
      const allow = await call(h, 'PATCH', `/api/events/${event.id}/`, {
        token: ada.access,
        body: { members_can_tag: true },
      });
      expect(allow.json().members_can_tag).toBe(true);
      // A reader of a public event is not a member: still refused.
      expect((await tag(reader)).statusCode).toBe(403);
      expect((await tag(member)).statusCode).toBe(200);
      const untag = await call(h, 'DELETE', `/api/photos/${photo}/tags/${friend.id}/`, {
        token: member.access,
      });
      expect(untag.statusCode).toBe(204);

      await call(h, 'PATCH', `/api/events/${event.id}/`, {
        token: ada.access,
        body: { members_can_tag: false },
      });
      expect((await tag(member)).statusCode).toBe(403);
    });
  });
});
