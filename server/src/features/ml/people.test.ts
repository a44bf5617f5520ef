import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.js';
import { faceGenerator, storeTestFaces } from '../../test/faces.js';
import { addPhoto, createEvent } from '../../test/fixtures.js';
import { call, countRows, forEachEngine, type Harness, setRole, signUpVerified } from '../../test/harness.js';
import { variantKey } from '../photos/service.js';

type Person = {
  id: string;
  name: string | null;
  user: { id: string } | null;
  photos_count: number;
  face_url: string | null;
};

const peopleOf = async (h: Harness, eventId: string, token: string) => {
  const res = await call(h, 'GET', `/api/events/${eventId}/people/`, { token });
  expect(res.statusCode).toBe(200);
  return res.json() as Person[];
};

const faceCounts = (h: Harness) =>
  queryRows<{ id: string; face_count: number }>(
    h.ctx.database.db,
    sql`select id, face_count from people order by face_count desc`,
  );

forEachEngine((h) => {
  describe('faces into people', () => {
    it('groups faces photo by photo, counts photos, and lets deleted photos take their faces along', async () => {
      const ada = await signUpVerified(h);
      const event = await createEvent(h, ada);
      const g = faceGenerator(1);
      const [a, b, c] = [g.person(), g.person(), g.person()];
      const p1 = await addPhoto(h, event.id, ada);
      const p2 = await addPhoto(h, event.id, ada);
      const p3 = await addPhoto(h, event.id, ada);
      await storeTestFaces(h, p1, [g.copyOf(a), g.copyOf(b)]);
      await storeTestFaces(h, p2, [g.copyOf(c), g.copyOf(a)]);
      await storeTestFaces(h, p3, [g.copyOf(a)]);

      const people = await peopleOf(h, event.id, ada.access);
      expect(people.map((p) => p.photos_count)).toEqual([3, 1, 1]);
      expect(people.every((p) => p.name === null && p.user === null)).toBe(true);
      expect((await faceCounts(h)).map((r) => Number(r.face_count))).toEqual([3, 1, 1]);

      // The gallery filtered by the person in every photo lists all three; by B, only p1.
      const gallery = async (person: string) =>
        (await call(h, 'GET', `/api/events/${event.id}/photos/?person=${person}`, { token: ada.access }))
          .json()
          .map((p: { id: string }) => p.id)
          .sort();
      expect(await gallery(people[0]!.id)).toEqual([p1, p2, p3].sort());
      const bob = people.find((p) => p.photos_count === 1)!;
      const only = await gallery(bob.id);
      expect(only).toHaveLength(1);

      // Redoing a photo's analysis replaces its faces instead of adding them again.
      await storeTestFaces(h, p3, [g.copyOf(a)]);
      expect(await countRows(h, 'faces')).toBe(5);

      // Deleting p1 takes A's face there and B's only face: B goes, A counts two.
      expect((await call(h, 'DELETE', `/api/photos/${p1}/`, { token: ada.access })).statusCode).toBe(204);
      expect(await countRows(h, 'faces')).toBe(3);
      expect((await faceCounts(h)).map((r) => Number(r.face_count))).toEqual([2, 1]);
      expect((await peopleOf(h, event.id, ada.access)).map((p) => p.photos_count)).toEqual([2, 1]);
    });

    it('shows a reader only people in photos they may read, counting only those photos', async () => {
      const ada = await signUpVerified(h);
      const reader = await signUpVerified(h);
      const event = await createEvent(h, ada, { read_perm: 'PUB' });
      const g = faceGenerator(2);
      const [a, hidden] = [g.person(), g.person()];
      const open = await addPhoto(h, event.id, ada);
      const clubOnly = await addPhoto(h, event.id, ada, { readPerm: 'IMG' });
      const pending = await addPhoto(h, event.id, ada, { status: 'PE' });
      await storeTestFaces(h, open, [g.copyOf(a)]);
      await storeTestFaces(h, clubOnly, [g.copyOf(a), g.copyOf(hidden)]);
      await storeTestFaces(h, pending, [g.copyOf(a)]);

      expect((await peopleOf(h, event.id, ada.access)).map((p) => p.photos_count)).toEqual([3, 1]);
      expect((await peopleOf(h, event.id, reader.access)).map((p) => p.photos_count)).toEqual([1]);
      await setRole(h, reader.id, 'img');
      expect((await peopleOf(h, event.id, reader.access)).map((p) => p.photos_count)).toEqual([2, 1]);
      // A person the reader cannot see is not there for them, even by id.
      const hiddenPerson = (await peopleOf(h, event.id, ada.access)).find((p) => p.photos_count === 1)!;
      await setRole(h, reader.id, 'public');
      const link = await call(h, 'POST', `/api/events/${event.id}/people/${hiddenPerson.id}/link/`, {
        token: reader.access,
        body: { me: true },
      });
      expect(link.statusCode).toBe(404);
    });

    it('refuses strangers, anonymous callers and bad ids', async () => {
      const ada = await signUpVerified(h);
      const stranger = await signUpVerified(h);
      const event = await createEvent(h, ada, { read_perm: 'PRV' });
      expect((await call(h, 'GET', `/api/events/${event.id}/people/`)).statusCode).toBe(401);
      expect(
        (await call(h, 'GET', `/api/events/${event.id}/people/`, { token: stranger.access })).statusCode,
      ).toBe(404);
      expect((await call(h, 'GET', '/api/events/nope/people/', { token: ada.access })).statusCode).toBe(400);
    });
  });
});

forEachEngine((h) => {
  describe('face crops', () => {
    it('cuts a signed square crop from the preview on first request, kept beside the photo', async () => {
      const ada = await signUpVerified(h);
      const event = await createEvent(h, ada);
      const photo = await addPhoto(h, event.id, ada);
      const preview = await sharp({
        create: { width: 800, height: 600, channels: 3, background: { r: 200, g: 120, b: 40 } },
      })
        .jpeg()
        .toBuffer();
      await h.ctx.storage.put(variantKey(photo, 'preview'), preview, 'image/jpeg');
      await storeTestFaces(h, photo, [faceGenerator(5).person()]);
      const [person] = await peopleOf(h, event.id, ada.access);
      expect(person!.face_url).toMatch(/^http.*faces\/.*\.webp/);
      const [face] = await queryRows<{ id: string }>(h.ctx.database.db, sql`select id from faces`);
      const stored = await h.ctx.storage.get(`photos/${photo}/faces/${face!.id}.webp`);
      const chunks: Buffer[] = [];
      for await (const chunk of stored) chunks.push(chunk as Buffer);
      const meta = await sharp(Buffer.concat(chunks)).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['webp', 192, 192]);
      // Deleting the photo removes its crops with its other files.
      await call(h, 'DELETE', `/api/photos/${photo}/`, { token: ada.access });
      expect(await h.ctx.storage.exists(`photos/${photo}/faces/${face!.id}.webp`)).toBe(false);
    });
  });
});
