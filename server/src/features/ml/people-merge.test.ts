import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.js';
import { faceGenerator } from '../../test/faces.js';
import { addPhoto, createEvent } from '../../test/fixtures.js';
import { call, forEachEngine, type Harness, signUpVerified, type TestUser } from '../../test/harness.js';
import { variantKey } from '../photos/service.js';
import { normalised, similarity, vectorFromBytes } from './face-vectors.js';
import { meanOf } from './people-merge.js';
import { storeFaces } from './people-store.js';

type Person = { id: string; user: { id: string } | null; photos_count: number; face_url: string | null };

/** Stores one face of the given quality in the photo, as the photo job would. */
async function storeFace(h: Harness, photoId: string, embedding: Float32Array, quality: number) {
  await h.ctx.transaction((tx) =>
    storeFaces(h.ctx, tx, { id: photoId }, [
      { box: { x: 0.3, y: 0.2, width: 0.2, height: 0.25 }, score: 0.9, quality, embedding },
    ]),
  );
}

/**
 * An event by `coordinator` with three people as the clustering leaves them: `a` in two photos and
 * `b` in two more are one person split in two (their faces about 0.55 alike, as real photos of one
 * person in different shots often are: below the threshold), `c` in a fifth photo is a stranger. The faces of `b` are the best taken.
 */
async function eventWithSplitPerson(h: Harness, coordinator: TestUser) {
  const event = await createEvent(h, coordinator);
  const g = faceGenerator(7);
  const face = g.person();
  // 0.6 of the first face and the rest a random direction: 0.6 alike, about 0.55 once copied.
  const elsewhere = g.person();
  const otherShot = normalised(face.map((x, i) => 0.6 * x + 0.8 * elsewhere[i]!));
  const stranger = g.person();
  const photos = [];
  const preview = sharp({ create: { width: 400, height: 300, channels: 3, background: '#c08040' } })
    .jpeg()
    .toBuffer();
  for (const [embedding, quality] of [
    [g.copyOf(face, 0.4), 0.6],
    [g.copyOf(face, 0.4), 0.6],
    [g.copyOf(otherShot, 0.4), 0.9],
    [g.copyOf(otherShot, 0.4), 0.8],
    [g.copyOf(stranger, 0.4), 0.7],
  ] as const) {
    const photo = await addPhoto(h, event.id, coordinator);
    // A preview to cut face crops from (the people list's `face_url`).
    await h.ctx.storage.put(variantKey(photo, 'preview'), await preview, 'image/jpeg');
    await storeFace(h, photo, embedding, quality);
    photos.push(photo);
  }
  const people = await peopleOf(h, coordinator, event.id);
  expect(people).toHaveLength(3);
  const ofPhoto = async (photoId: string) =>
    (await call(h, 'GET', `/api/photos/${photoId}/`, { token: coordinator.access })).json().faces[0]
      .person_id;
  const [a, b, c] = [await ofPhoto(photos[0]!), await ofPhoto(photos[2]!), await ofPhoto(photos[4]!)];
  return { event, photos, a, b, c };
}

const peopleOf = async (h: Harness, who: TestUser, eventId: string): Promise<Person[]> =>
  (await call(h, 'GET', `/api/events/${eventId}/people/`, { token: who.access })).json();

/** The stored rows of the event's people: what the triggers and the merge keep. */
const peopleRows = (h: Harness, eventId: string) =>
  queryRows<{ id: string; user_id: string | null; face_count: number; faces: number; cover: string | null }>(
    h.ctx.database.db,
    sql`select p.id, p.user_id, p.face_count, p.cover_face_id as cover,
          (select count(*)::int from faces f where f.person_id = p.id) as faces
        from people p where p.event_id = ${eventId} order by p.id`,
  );

forEachEngine((h) => {
  const link = (who: TestUser, eventId: string, personId: string, body: object) =>
    call(h, 'POST', `/api/events/${eventId}/people/${personId}/link/`, { token: who.access, body });
  const galleryIds = async (who: TestUser, eventId: string, personId: string) =>
    (await call(h, 'GET', `/api/events/${eventId}/photos/?person=${personId}`, { token: who.access }))
      .json()
      .map((p: { id: string }) => p.id)
      .sort();
  /** The photos find-me answers `who` from their linked person, by id. */
  const foundByLinkedFace = async (who: TestUser, eventId: string) => {
    const found = await call(h, 'POST', `/api/events/${eventId}/find-me/`, { token: who.access });
    expect(found.statusCode, found.body).toBe(200);
    return found
      .json()
      .map((p: { id: string }) => p.id)
      .sort();
  };

  describe('merging people by naming both', () => {
    it('"this is me" on the other half of oneself merges it: counts, cover, centroid, gallery and find-me follow', async () => {
      const ada = await signUpVerified(h);
      const bob = await signUpVerified(h, { name: 'Bob Brown' });
      const { event, photos, a, b, c } = await eventWithSplitPerson(h, ada);
      expect((await link(bob, event.id, a, { me: true })).statusCode).toBe(200);

      const merged = await link(bob, event.id, b, { me: true });
      expect(merged.statusCode, merged.body).toBe(200);
      // The answer is the person kept: its id is not the one asked about, which tells a merge.
      expect(merged.json()).toMatchObject({
        id: a,
        name: 'Bob Brown',
        user: { id: bob.id },
        photos_count: 4,
      });

      const rows = await peopleRows(h, event.id);
      expect(rows.map((r) => r.id).sort()).toEqual([a, c].sort());
      const kept = rows.find((r) => r.id === a)!;
      expect(kept).toMatchObject({ user_id: bob.id, face_count: 4, faces: 4 });
      // The cover is the best face of both halves: the one of quality 0.9 in the third photo.
      const [best] = await queryRows<{ id: string }>(
        h.ctx.database.db,
        sql`select id from faces where photo_id = ${photos[2]!}`,
      );
      expect(kept.cover).toBe(best!.id);
      const list = await peopleOf(h, ada, event.id);
      expect(list.map((p) => [p.id, p.photos_count])).toEqual([
        [a, 4],
        [c, 1],
      ]);
      expect(list[0]!.face_url).toContain(`faces/${best!.id}.webp`);

      // The centroid is the normalised mean of all four faces.
      const stored = await queryRows<{ centroid: string; embeddings: string[] }>(
        h.ctx.database.db,
        sql`select encode(p.centroid, 'base64') as centroid,
              array(select encode(f.embedding, 'base64') from faces f where f.person_id = p.id) as embeddings
            from people p where p.id = ${a}`,
      );
      const vector = (base64: string) => vectorFromBytes(Buffer.from(base64, 'base64'));
      const mean = meanOf(stored[0]!.embeddings.map(vector));
      expect(similarity(vector(stored[0]!.centroid), mean)).toBeCloseTo(1, 5);

      expect(await galleryIds(ada, event.id, a)).toEqual(photos.slice(0, 4).sort());
      expect(await foundByLinkedFace(bob, event.id)).toEqual(photos.slice(0, 4).sort());

      // The merged-away person is gone for every route.
      expect((await link(ada, event.id, b, { user_id: bob.id })).statusCode).toBe(404);
      expect(
        (await call(h, 'DELETE', `/api/events/${event.id}/people/${b}/link/`, { token: ada.access }))
          .statusCode,
      ).toBe(404);
      expect(await galleryIds(ada, event.id, b)).toEqual([]);
      // A photo analysed afterwards joins the person kept.
      const later = await addPhoto(h, event.id, ada);
      await storeFace(h, later, faceGenerator(8).copyOf(vector(stored[0]!.centroid), 0.4), 0.5);
      expect(await galleryIds(ada, event.id, a)).toContain(later);
    });

    it('"this is me" on someone who looks like a stranger is refused, changing nothing; the coordinator may merge them', async () => {
      const ada = await signUpVerified(h);
      const bob = await signUpVerified(h);
      const { event, photos, a, c } = await eventWithSplitPerson(h, ada);
      expect((await link(bob, event.id, a, { me: true })).statusCode).toBe(200);
      const before = await peopleRows(h, event.id);

      const refused = await link(bob, event.id, c, { me: true });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().code).toBe('looks_like_someone_else');
      expect(refused.json().detail).toMatch(/coordinator/);
      expect(await peopleRows(h, event.id)).toEqual(before);

      const merged = await link(ada, event.id, c, { user_id: bob.id });
      expect(merged.statusCode).toBe(200);
      expect(merged.json()).toMatchObject({ id: a, user: { id: bob.id }, photos_count: 3 });
      expect((await peopleRows(h, event.id)).map((r) => [r.id, r.face_count, r.faces])).toEqual(
        before
          .filter((r) => r.id !== c)
          .map((r) => [r.id, r.id === a ? 3 : r.faces, r.id === a ? 3 : r.faces]),
      );
      // Find-me from the linked person finds every photo of it, even the face the coordinator put
      // there that is nothing like the merged centroid: a person named by people is who they said.
      expect(await foundByLinkedFace(bob, event.id)).toEqual([photos[0]!, photos[1]!, photos[4]!].sort());
    });

    it('the coordinator links a second person to an account already named: a merge, not a conflict', async () => {
      const ada = await signUpVerified(h);
      const bob = await signUpVerified(h);
      const { event, a, b, c } = await eventWithSplitPerson(h, ada);
      expect((await link(ada, event.id, b, { user_id: bob.id })).statusCode).toBe(200);
      const merged = await link(ada, event.id, a, { user_id: bob.id });
      expect(merged.statusCode).toBe(200);
      expect(merged.json()).toMatchObject({ id: b, user: { id: bob.id }, photos_count: 4 });
      const rows = await peopleRows(h, event.id);
      expect(rows.map((r) => r.id).sort()).toEqual([b, c].sort());
      for (const row of rows) expect(row.face_count).toBe(row.faces);
    });

    it('a member who may not link gets 403 and nothing changes; an opted-out account is never merged into', async () => {
      const ada = await signUpVerified(h);
      const bob = await signUpVerified(h);
      const carol = await signUpVerified(h);
      const { event, a, b } = await eventWithSplitPerson(h, ada);
      expect((await link(bob, event.id, a, { me: true })).statusCode).toBe(200);
      const before = await peopleRows(h, event.id);
      expect((await link(carol, event.id, b, { user_id: bob.id })).statusCode).toBe(403);
      expect((await link(carol, event.id, a, { me: true })).statusCode).toBe(403);
      expect(await peopleRows(h, event.id)).toEqual(before);

      const optOut = await call(h, 'PATCH', '/api/auth/me/', {
        token: bob.access,
        body: { face_matching: false },
      });
      expect(optOut.statusCode).toBe(200);
      const refused = await link(ada, event.id, b, { user_id: bob.id });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().code).toBe('face_matching_off');
      expect((await peopleRows(h, event.id)).map((r) => r.face_count)).toEqual(
        before.map((r) => r.face_count),
      );
    });
  });
});
