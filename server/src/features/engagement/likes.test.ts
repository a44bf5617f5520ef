import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.js';
import { addPhoto, createEvent } from '../../test/fixtures.js';
import { call, forEachEngine, type Harness, signUpVerified, type TestUser } from '../../test/harness.js';

/** The photo's stored like count beside the likes that point at it. */
async function countsOf(h: Harness, photoId: string) {
  const [row] = await queryRows<{ stored: number; real: number }>(
    h.ctx.database.db,
    sql`select like_count as stored, (select count(*)::int from likes where photo_id = ${photoId}) as real
        from photos where id = ${photoId}`,
  );
  return row!;
}

forEachEngine((h) => {
  describe('likes', () => {
    it('like, count, who liked, unlike, with the original answers', async () => {
      const ada = await signUpVerified(h);
      const bob = await signUpVerified(h);
      const event = await createEvent(h, ada);
      const photo = await addPhoto(h, event.id, ada);
      const liked = await call(h, 'POST', `/api/photos/${photo}/likes/`, { token: bob.access });
      expect(liked.statusCode).toBe(201);
      expect(liked.json().photo).toMatchObject({ id: photo, likes_count: 1, is_liked: true });
      const twice = await call(h, 'POST', `/api/photos/${photo}/likes/`, { token: bob.access });
      expect(twice.statusCode).toBe(400);
      expect(twice.json()).toEqual({ detail: 'You have already liked this photo!', code: 'already_liked' });
      const asAda = (await call(h, 'GET', `/api/photos/${photo}/`, { token: ada.access })).json();
      // Liking is not viewing: Bob never opened the photo, so it has no views yet.
      expect(asAda).toMatchObject({ likes_count: 1, is_liked: false, views: 0 });
      const gallery = (await call(h, 'GET', `/api/events/${event.id}/photos/`, { token: bob.access })).json();
      expect(gallery[0]).toMatchObject({ likes_count: 1, is_liked: true });
      const feed = (await call(h, 'GET', '/api/photos/feed/', { token: ada.access })).json();
      expect(feed[0]).toMatchObject({ id: photo, likes_count: 1, is_liked: false });
      const search = (await call(h, 'GET', '/api/search/?q=Party', { token: bob.access })).json();
      expect(search.photos[0]).toMatchObject({ id: photo, likes_count: 1, is_liked: true });
      const who = await call(h, 'GET', `/api/photos/${photo}/likes/`, { token: ada.access });
      expect(who.json()).toEqual([
        { user: expect.objectContaining({ id: bob.id }), created_at: expect.any(String) },
      ]);
      const unliked = await call(h, 'DELETE', `/api/photos/${photo}/likes/`, { token: bob.access });
      expect(unliked.json().photo).toMatchObject({ likes_count: 0, is_liked: false });
      const again = await call(h, 'DELETE', `/api/photos/${photo}/likes/`, { token: bob.access });
      expect(again.json()).toEqual({ detail: 'You have not liked this photo.', code: 'not_liked' });
    });

    it('keeps the like count equal to the likes through racing likes and unlikes', async () => {
      const ada = await signUpVerified(h);
      const event = await createEvent(h, ada);
      const photo = await addPhoto(h, event.id, ada);
      const people: TestUser[] = [];
      for (let i = 0; i < 6; i++) people.push(await signUpVerified(h));
      const toggle = (who: TestUser, method: 'POST' | 'DELETE') =>
        call(h, method, `/api/photos/${photo}/likes/`, { token: who.access });
      // Each person likes, likes again, takes it back and likes once more, all at once: which of
      // these are refused as repeats depends on the order they land in, the count must not.
      const answers = await Promise.all(
        people.flatMap((who) => [
          toggle(who, 'POST'),
          toggle(who, 'POST'),
          toggle(who, 'DELETE'),
          toggle(who, 'POST'),
        ]),
      );
      expect(answers.every((a) => [200, 201, 400].includes(a.statusCode))).toBe(true);
      const { stored, real } = await countsOf(h, photo);
      expect(stored).toBe(real);
      // A second round, half of them taking their like back at once.
      await Promise.all(people.map((who, i) => toggle(who, i % 2 ? 'DELETE' : 'POST')));
      const after = await countsOf(h, photo);
      expect(after.stored).toBe(after.real);
      const read = (await call(h, 'GET', `/api/photos/${photo}/`, { token: ada.access })).json();
      expect(read.likes_count).toBe(after.real);
    });

    it('keeps the like count when likes go by a cascade, not a request', async () => {
      const ada = await signUpVerified(h);
      const [bob, carol] = [await signUpVerified(h), await signUpVerified(h)];
      const event = await createEvent(h, ada);
      const photo = await addPhoto(h, event.id, ada);
      for (const who of [bob, carol]) {
        await call(h, 'POST', `/api/photos/${photo}/likes/`, { token: who.access });
      }
      expect(await countsOf(h, photo)).toEqual({ stored: 2, real: 2 });
      // No request deletes an account that liked anything today; the database keeps the count anyway.
      await h.ctx.database.db.execute(sql`delete from users where id = ${bob.id}`);
      expect(await countsOf(h, photo)).toEqual({ stored: 1, real: 1 });
    });

    it('strangers can neither read nor add likes on a photo they cannot see (original hole 6)', async () => {
      const ada = await signUpVerified(h);
      const stranger = await signUpVerified(h);
      const event = await createEvent(h, ada, { read_perm: 'PRV' });
      const photo = await addPhoto(h, event.id, ada);
      expect((await call(h, 'GET', `/api/photos/${photo}/likes/`)).statusCode).toBe(401);
      expect((await call(h, 'DELETE', `/api/photos/${photo}/likes/`)).statusCode).toBe(401);
      for (const method of ['GET', 'POST', 'DELETE'] as const) {
        expect(
          (await call(h, method, `/api/photos/${photo}/likes/`, { token: stranger.access })).statusCode,
        ).toBe(404);
      }
    });
  });
});
