import { describe, expect, it } from 'vitest';
import { addPhoto, createEvent } from '../../test/fixtures.js';
import { call, forEachEngine, signUpVerified } from '../../test/harness.js';

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
      const feed = (await call(h, 'GET', `/api/events/${event.id}/photos/`, { token: bob.access })).json();
      expect(feed[0]).toMatchObject({ likes_count: 1, is_liked: true });
      const who = await call(h, 'GET', `/api/photos/${photo}/likes/`, { token: ada.access });
      expect(who.json()).toEqual([
        { user: expect.objectContaining({ id: bob.id }), created_at: expect.any(String) },
      ]);
      const unliked = await call(h, 'DELETE', `/api/photos/${photo}/likes/`, { token: bob.access });
      expect(unliked.json().photo).toMatchObject({ likes_count: 0, is_liked: false });
      const again = await call(h, 'DELETE', `/api/photos/${photo}/likes/`, { token: bob.access });
      expect(again.json()).toEqual({ detail: 'You have not liked this photo.', code: 'not_liked' });
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
