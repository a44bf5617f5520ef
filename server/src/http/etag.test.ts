import { expect, it } from 'vitest';
import { addPhoto, createEvent } from '../test/fixtures.js';
import { call, forEachEngine, signUpVerified } from '../test/harness.js';

/** Lists a phone refreshes answer 304 when nothing changed, and a new page as soon as anything did. */
forEachEngine((h) => {
  const lists = (eventId: string) => ['/api/photos/feed/', `/api/events/${eventId}/photos/`, '/api/events/'];

  it('tag the feed, a gallery and the events list, and answer 304 to a tag that still holds', async () => {
    const ada = await signUpVerified(h);
    const event = await createEvent(h, ada);
    await addPhoto(h, event.id, ada);
    for (const url of lists(event.id)) {
      const first = await call(h, 'GET', url, { token: ada.access });
      expect(first.statusCode).toBe(200);
      const etag = String(first.headers.etag);
      expect(etag).toMatch(/^W\/"[\w-]+"$/);
      expect(first.headers['cache-control']).toBe('private, no-cache');
      const again = await call(h, 'GET', url, { token: ada.access, headers: { 'if-none-match': etag } });
      expect([again.statusCode, again.body]).toEqual([304, '']);
      expect(again.headers.etag).toBe(etag);
      // A list of tags, and the strong form of the same tag, match too; another tag does not.
      const listed = await call(h, 'GET', url, {
        token: ada.access,
        headers: { 'if-none-match': `"nope", ${etag.slice(2)}` },
      });
      expect(listed.statusCode).toBe(304);
      const other = await call(h, 'GET', url, {
        token: ada.access,
        headers: { 'if-none-match': 'W/"nope"' },
      });
      expect(other.statusCode).toBe(200);
    }
  });

  it('change the tag when the answer changes: a new photo, a like', async () => {
    const ada = await signUpVerified(h);
    const event = await createEvent(h, ada);
    const photo = await addPhoto(h, event.id, ada);
    const tagOf = async (url: string) =>
      String((await call(h, 'GET', url, { token: ada.access })).headers.etag);
    const before = await Promise.all(lists(event.id).map(tagOf));
    await addPhoto(h, event.id, ada);
    const afterPhoto = await Promise.all(lists(event.id).map(tagOf));
    for (const [i, tag] of afterPhoto.entries()) expect(tag).not.toBe(before[i]);
    expect((await call(h, 'POST', `/api/photos/${photo}/likes/`, { token: ada.access })).statusCode).toBe(
      201,
    );
    expect(await tagOf('/api/photos/feed/')).not.toBe(afterPhoto[0]);
  });

  it('are per person: another member with the same tag gets their own answer', async () => {
    const ada = await signUpVerified(h);
    const bob = await signUpVerified(h);
    const event = await createEvent(h, ada);
    const photo = await addPhoto(h, event.id, ada);
    expect((await call(h, 'POST', `/api/photos/${photo}/likes/`, { token: ada.access })).statusCode).toBe(
      201,
    );
    const adaFeed = await call(h, 'GET', '/api/photos/feed/', { token: ada.access });
    const bobFeed = await call(h, 'GET', '/api/photos/feed/', {
      token: bob.access,
      headers: { 'if-none-match': String(adaFeed.headers.etag) },
    });
    // Bob did not like it: his page differs (is_liked), so Ada's tag does not hold for him.
    expect(bobFeed.statusCode).toBe(200);
    expect(bobFeed.json()[0].is_liked).toBe(false);
  });

  it('leave errors and other routes untagged', async () => {
    const ada = await signUpVerified(h);
    const refused = await call(h, 'GET', '/api/photos/feed/');
    expect(refused.statusCode).toBe(401);
    expect(refused.headers.etag).toBeUndefined();
    expect((await call(h, 'GET', '/api/auth/me/', { token: ada.access })).headers.etag).toBeUndefined();
  });
});
