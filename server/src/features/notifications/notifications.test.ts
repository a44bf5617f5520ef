import { describe, expect, it } from 'vitest';
import { addPhoto, createEvent } from '../../test/fixtures.js';
import {
  call,
  countRows,
  forEachEngine,
  type Harness,
  signUpVerified,
  type TestUser,
} from '../../test/harness.js';

const list = async (h: Harness, who: TestUser, query = '') =>
  (await call(h, 'GET', `/api/notifications/${query}`, { token: who.access })).json();
const unread = async (h: Harness, who: TestUser) =>
  (await call(h, 'GET', '/api/notifications/unread-count/', { token: who.access })).json().unread_count;

forEachEngine((h) => {
  describe('notifications', () => {
    it('likes merge into one row with a count and the latest actors; an unlike takes one off', async () => {
      const ada = await signUpVerified(h);
      const bob = await signUpVerified(h);
      const carol = await signUpVerified(h);
      const event = await createEvent(h, ada);
      const photo = await addPhoto(h, event.id, ada);
      await call(h, 'POST', `/api/photos/${photo}/likes/`, { token: bob.access });
      await call(h, 'POST', `/api/photos/${photo}/likes/`, { token: carol.access });
      const [merged] = await list(h, ada);
      expect(merged).toMatchObject({
        verb: 'LIKED',
        target_type: 'PHOTO',
        target_id: photo,
        read: false,
        actor: { id: carol.id },
        data: { count: 2, photo_id: photo },
      });
      expect(merged.actors.map((u: { id: string }) => u.id)).toEqual([carol.id, bob.id]);
      await call(h, 'DELETE', `/api/photos/${photo}/likes/`, { token: carol.access });
      expect((await list(h, ada))[0].data.count).toBe(1);
      await call(h, 'DELETE', `/api/photos/${photo}/likes/`, { token: bob.access });
      expect(await list(h, ada)).toEqual([]);
    });

    it('likes arriving together all count in the merged row', async () => {
      const ada = await signUpVerified(h);
      const event = await createEvent(h, ada);
      const photo = await addPhoto(h, event.id, ada);
      const fans = await Promise.all(Array.from({ length: 6 }, () => signUpVerified(h)));
      await call(h, 'POST', `/api/photos/${photo}/likes/`, { token: fans[0]!.access });
      // On PostgreSQL these run on separate connections at once: a read-then-write merge lost counts.
      await Promise.all(
        fans.slice(1).map((fan) => call(h, 'POST', `/api/photos/${photo}/likes/`, { token: fan.access })),
      );
      const [merged, ...others] = await list(h, ada);
      expect(others).toEqual([]);
      expect(merged.data.count).toBe(6);
      expect(merged.actors).toHaveLength(3);
      expect(await unread(h, ada)).toBe(1);
    });

    it('nobody is notified of their own action', async () => {
      const ada = await signUpVerified(h);
      const event = await createEvent(h, ada);
      const photo = await addPhoto(h, event.id, ada);
      await call(h, 'POST', `/api/photos/${photo}/likes/`, { token: ada.access });
      await call(h, 'POST', `/api/photos/${photo}/comments/`, { token: ada.access, body: { content: 'me' } });
      expect(await countRows(h, 'notifications')).toBe(0);
    });

    it('comments, replies, tags and invitations reach the right people', async () => {
      const ada = await signUpVerified(h);
      const bob = await signUpVerified(h);
      const carol = await signUpVerified(h);
      const event = await createEvent(h, ada);
      const photo = await addPhoto(h, event.id, ada);
      const top = (
        await call(h, 'POST', `/api/photos/${photo}/comments/`, {
          token: bob.access,
          body: { content: 'nice' },
        })
      ).json();
      await call(h, 'POST', `/api/photos/${photo}/comments/`, {
        token: carol.access,
        body: { content: 'agreed', parent_comment: top.id },
      });
      await call(h, 'POST', `/api/photos/${photo}/tags/`, {
        token: ada.access,
        body: { usernames: [carol.username] },
      });
      await call(h, 'POST', `/api/events/${event.id}/members/`, {
        token: ada.access,
        body: { username: bob.username },
      });
      expect((await list(h, ada)).map((n: { verb: string }) => n.verb)).toEqual(['COMMENTED']);
      expect((await list(h, ada))[0].data.count).toBe(2);
      expect((await list(h, bob)).map((n: { verb: string }) => n.verb).sort()).toEqual([
        'EVENT_INVITED',
        'REPLIED',
      ]);
      expect((await list(h, carol)).map((n: { verb: string }) => n.verb)).toEqual(['TAGGED']);
    });

    it('read flags take only a real boolean (original bug 19), read-all, unread count and delete', async () => {
      const ada = await signUpVerified(h);
      const bob = await signUpVerified(h);
      const event = await createEvent(h, ada);
      for (let i = 0; i < 2; i++) {
        const photo = await addPhoto(h, event.id, ada);
        await call(h, 'POST', `/api/photos/${photo}/likes/`, { token: bob.access });
      }
      expect(await unread(h, ada)).toBe(2);
      const [first, second] = await list(h, ada);
      const asString = await call(h, 'PATCH', `/api/notifications/${first.id}/`, {
        token: ada.access,
        body: { read: 'false' },
      });
      expect(asString.statusCode).toBe(400);
      const read = await call(h, 'PATCH', `/api/notifications/${first.id}/`, {
        token: ada.access,
        body: { read: true },
      });
      expect(read.json().read).toBe(true);
      expect(await unread(h, ada)).toBe(1);
      expect((await list(h, ada, '?read=false')).map((n: { id: string }) => n.id)).toEqual([second.id]);
      const all = await call(h, 'POST', '/api/notifications/read-all/', { token: ada.access });
      expect(all.json()).toEqual({ updated: 1 });
      expect(await unread(h, ada)).toBe(0);
      expect(
        (await call(h, 'DELETE', `/api/notifications/${first.id}/`, { token: ada.access })).statusCode,
      ).toBe(204);
      expect(await list(h, ada)).toHaveLength(1);
    });

    it("someone else's notification is a 404, and everything needs a sign-in", async () => {
      const ada = await signUpVerified(h);
      const bob = await signUpVerified(h);
      const event = await createEvent(h, ada);
      const photo = await addPhoto(h, event.id, ada);
      await call(h, 'POST', `/api/photos/${photo}/likes/`, { token: bob.access });
      const [mine] = await list(h, ada);
      const url = `/api/notifications/${mine.id}/`;
      expect((await call(h, 'PATCH', url, { token: bob.access, body: { read: true } })).statusCode).toBe(404);
      expect((await call(h, 'DELETE', url, { token: bob.access })).statusCode).toBe(404);
      expect((await call(h, 'GET', '/api/notifications/')).statusCode).toBe(401);
      expect((await call(h, 'GET', '/api/notifications/unread-count/')).statusCode).toBe(401);
    });

    it('notifications about a deleted photo disappear with it', async () => {
      const ada = await signUpVerified(h);
      const bob = await signUpVerified(h);
      const event = await createEvent(h, ada);
      const photo = await addPhoto(h, event.id, ada);
      await call(h, 'POST', `/api/photos/${photo}/likes/`, { token: bob.access });
      await call(h, 'DELETE', `/api/photos/${photo}/`, { token: ada.access });
      expect(await list(h, ada)).toEqual([]);
    });
  });
});
