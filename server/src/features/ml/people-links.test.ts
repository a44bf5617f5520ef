import { describe, expect, it } from 'vitest';
import { faceGenerator, storeTestFaces } from '../../test/faces.js';
import { addPhoto, createEvent } from '../../test/fixtures.js';
import {
  call,
  countRows,
  forEachEngine,
  type Harness,
  signUpVerified,
  type TestUser,
} from '../../test/harness.js';

type Person = { id: string; name: string | null; user: { id: string } | null; photos_count: number };

/** An event by `coordinator` with two people: A in two photos, B in one (the second photo). */
async function eventWithTwoPeople(h: Harness, coordinator: TestUser) {
  const event = await createEvent(h, coordinator);
  const g = faceGenerator(3);
  const [a, b] = [g.person(), g.person()];
  const p1 = await addPhoto(h, event.id, coordinator);
  const p2 = await addPhoto(h, event.id, coordinator);
  await storeTestFaces(h, p1, [g.copyOf(a)]);
  await storeTestFaces(h, p2, [g.copyOf(a), g.copyOf(b)]);
  const list = (
    await call(h, 'GET', `/api/events/${event.id}/people/`, { token: coordinator.access })
  ).json();
  const [personA, personB] = list as Person[];
  return { event, p1, p2, personA: personA!, personB: personB! };
}

forEachEngine((h) => {
  const link = (who: TestUser, eventId: string, personId: string, body: object) =>
    call(h, 'POST', `/api/events/${eventId}/people/${personId}/link/`, { token: who.access, body });
  const unlink = (who: TestUser, eventId: string, personId: string) =>
    call(h, 'DELETE', `/api/events/${eventId}/people/${personId}/link/`, { token: who.access });

  describe('naming people', () => {
    it('the coordinator links anyone; a person says "this is me" only of a person nobody else is', async () => {
      const ada = await signUpVerified(h);
      const bob = await signUpVerified(h, { name: 'Bob Brown' });
      const carol = await signUpVerified(h);
      const { event, personA, personB } = await eventWithTwoPeople(h, ada);

      const linked = await link(ada, event.id, personA.id, { user_id: bob.id });
      expect(linked.statusCode).toBe(200);
      expect(linked.json()).toMatchObject({ id: personA.id, name: 'Bob Brown', user: { id: bob.id } });
      // One person per account and event: a second one merges, and B looks nothing like A.
      expect((await link(bob, event.id, personB.id, { me: true })).json().code).toBe(
        'looks_like_someone_else',
      );
      // Linking someone else is the staff's; claiming a person linked to another account too.
      expect((await link(carol, event.id, personB.id, { user_id: bob.id })).statusCode).toBe(403);
      expect((await link(carol, event.id, personA.id, { me: true })).statusCode).toBe(403);
      expect((await link(carol, event.id, personB.id, { me: true })).statusCode).toBe(200);
      // A link comes off by the linked account or the staff, not by another reader.
      expect((await unlink(bob, event.id, personB.id)).statusCode).toBe(403);
      expect((await unlink(carol, event.id, personB.id)).statusCode).toBe(204);
      expect((await unlink(carol, event.id, personB.id)).statusCode).toBe(404);
      expect((await unlink(ada, event.id, personA.id)).statusCode).toBe(204);
      const people = (await call(h, 'GET', `/api/events/${event.id}/people/`, { token: ada.access })).json();
      expect(people.map((p: Person) => p.user)).toEqual([null, null]);
    });

    it('refuses bad bodies, unknown accounts and people of another event, changing nothing', async () => {
      const ada = await signUpVerified(h);
      const { event, personA } = await eventWithTwoPeople(h, ada);
      const other = await createEvent(h, ada);
      for (const body of [{}, { me: false }, { user_id: 'x' }, { me: true, user_id: ada.id }]) {
        expect((await link(ada, event.id, personA.id, body)).statusCode).toBe(400);
      }
      const unknown = await link(ada, event.id, personA.id, {
        user_id: '00000000-0000-4000-8000-000000000000',
      });
      expect(unknown.statusCode).toBe(400);
      expect((await link(ada, other.id, personA.id, { me: true })).statusCode).toBe(404);
      const people = (await call(h, 'GET', `/api/events/${event.id}/people/`, { token: ada.access })).json();
      expect(people.every((p: Person) => p.user === null)).toBe(true);
    });
  });

  describe('faces in the photo answer', () => {
    it('names linked faces, suggests them to whoever may tag, and accepting makes a tag that notifies', async () => {
      const ada = await signUpVerified(h);
      const bob = await signUpVerified(h);
      const reader = await signUpVerified(h);
      const { event, p2, personA, personB } = await eventWithTwoPeople(h, ada);
      await link(ada, event.id, personA.id, { user_id: bob.id });

      const read = (who: TestUser) => call(h, 'GET', `/api/photos/${p2}/`, { token: who.access });
      const photo = (await read(ada)).json();
      expect(photo.faces).toHaveLength(2);
      const byPerson = Object.fromEntries(photo.faces.map((f: { person_id: string }) => [f.person_id, f]));
      expect(byPerson[personA.id].user.id).toBe(bob.id);
      expect(byPerson[personB.id].user).toBeNull();
      expect(byPerson[personA.id].box).toEqual({ x: expect.any(Number), y: 0.2, width: 0.15, height: 0.2 });
      expect(photo.tag_suggestions.map((u: { id: string }) => u.id)).toEqual([bob.id]);
      // A reader who may not tag sees the faces but no suggestions; lists carry no faces.
      expect((await read(reader)).json().tag_suggestions).toEqual([]);
      const gallery = (await call(h, 'GET', `/api/events/${event.id}/photos/`, { token: ada.access })).json();
      expect(gallery[0]).not.toHaveProperty('faces');

      const accept = await call(h, 'POST', `/api/photos/${p2}/tags/`, {
        token: ada.access,
        body: { usernames: [bob.username] },
      });
      expect(accept.statusCode).toBe(200);
      expect((await read(ada)).json().tag_suggestions).toEqual([]);
      const notes = (await call(h, 'GET', '/api/notifications/', { token: bob.access })).json();
      expect(notes.map((n: { verb: string }) => n.verb)).toContain('TAGGED');
    });
  });

  describe('consent', () => {
    it('an event that turns faces off loses its faces and people, and refuses people and find-me', async () => {
      const ada = await signUpVerified(h);
      const { event, p1, personA } = await eventWithTwoPeople(h, ada);
      const off = await call(h, 'PATCH', `/api/events/${event.id}/`, {
        token: ada.access,
        body: { faces_enabled: false },
      });
      expect(off.statusCode).toBe(200);
      expect(off.json().faces_enabled).toBe(false);
      expect(await countRows(h, 'faces')).toBe(0);
      expect(await countRows(h, 'people')).toBe(0);
      const people = await call(h, 'GET', `/api/events/${event.id}/people/`, { token: ada.access });
      expect(people.statusCode).toBe(403);
      expect(people.json().code).toBe('faces_disabled');
      expect(
        (await call(h, 'POST', `/api/events/${event.id}/find-me/`, { token: ada.access })).statusCode,
      ).toBe(403);
      expect((await link(ada, event.id, personA.id, { me: true })).statusCode).toBe(403);
      // The photo job finds faces in a new photo: nothing is stored while faces are off.
      const g = faceGenerator(4);
      expect((await storeTestFaces(h, p1, [g.person()])).stored).toBe(0);
      expect(await countRows(h, 'faces')).toBe(0);
    });

    it('an event deleted with its photos takes its faces and people along', async () => {
      const ada = await signUpVerified(h);
      const { event } = await eventWithTwoPeople(h, ada);
      const gone = await call(h, 'DELETE', `/api/events/${event.id}/?cascade=true`, { token: ada.access });
      expect(gone.statusCode).toBe(204);
      expect(await countRows(h, 'faces')).toBe(0);
      expect(await countRows(h, 'people')).toBe(0);
    });

    it('a person who opts out loses their links, is never named or suggested, and cannot be linked', async () => {
      const ada = await signUpVerified(h);
      const bob = await signUpVerified(h);
      const { event, p2, personA } = await eventWithTwoPeople(h, ada);
      await link(ada, event.id, personA.id, { user_id: bob.id });
      const optOut = await call(h, 'PATCH', '/api/auth/me/', {
        token: bob.access,
        body: { face_matching: false },
      });
      expect(optOut.statusCode).toBe(200);
      expect(optOut.json().face_matching).toBe(false);

      const photo = (await call(h, 'GET', `/api/photos/${p2}/`, { token: ada.access })).json();
      expect(photo.faces.every((f: { user: unknown }) => f.user === null)).toBe(true);
      expect(photo.tag_suggestions).toEqual([]);
      const relink = await link(ada, event.id, personA.id, { user_id: bob.id });
      expect(relink.statusCode).toBe(409);
      expect(relink.json().code).toBe('face_matching_off');
      expect((await link(bob, event.id, personA.id, { me: true })).statusCode).toBe(409);
      const findMe = await call(h, 'POST', `/api/events/${event.id}/find-me/`, { token: bob.access });
      expect(findMe.statusCode).toBe(403);
      expect(findMe.json().code).toBe('face_matching_off');
    });
  });
});
