import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.js';
import { faceGenerator, noisePicture, pixelEmbedding, storeTestFaces } from '../../test/faces.js';
import { addPhoto, createEvent } from '../../test/fixtures.js';
import {
  call,
  countRows,
  forEachEngine,
  type Harness,
  setRole,
  signUpVerified,
  type TestUser,
} from '../../test/harness.js';
import { multipartBody } from '../../test/multipart.js';

type Match = { id: string; similarity: number };

/** Every file under a folder, recursively: what a selfie must not add to. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

forEachEngine((h) => {
  const findMe = (who: TestUser, eventId: string, selfie?: Buffer) => {
    const form = selfie
      ? multipartBody([{ name: 'selfie', filename: 'me.jpg', data: selfie, type: 'image/jpeg' }])
      : undefined;
    return call(h, 'POST', `/api/events/${eventId}/find-me/`, {
      token: who.access,
      body: form?.payload,
      headers: form?.headers,
    });
  };
  const ids = (res: { json(): unknown }) => (res.json() as Match[]).map((m) => m.id).sort();

  /** Bob's face (A) in photos under every rule of access/photos.ts, and B's face in another. */
  async function scene() {
    const ada = await signUpVerified(h); // coordinator
    const pat = await signUpVerified(h); // photographer
    const bob = await signUpVerified(h); // the one searching
    const event = await createEvent(h, ada, { read_perm: 'PUB' });
    const g = faceGenerator(11);
    const [a, b] = [g.person(), g.person()];
    const photo = async (over: Parameters<typeof addPhoto>[3] = {}, by = pat) =>
      addPhoto(h, event.id, by, over);
    const p = {
      open: await photo(),
      clubOnly: await photo({ readPerm: 'IMG' }),
      privateLevel: await photo({ readPerm: 'PRV' }),
      privateTagged: await photo({ readPerm: 'PRV' }),
      pending: await photo({ status: 'PE' }),
      failed: await photo({ status: 'FA' }),
      bobsPending: await photo({ status: 'PE' }, bob),
      onlyB: await photo(),
    };
    for (const [name, id] of Object.entries(p)) {
      await storeTestFaces(h, id, name === 'onlyB' ? [g.copyOf(b)] : [g.copyOf(a, 0.5), g.copyOf(b)]);
    }
    await h.ctx.database.db.execute(
      sql`insert into photo_tags (photo_id, user_id) values (${p.privateTagged}, ${bob.id})`,
    );
    const people = (await call(h, 'GET', `/api/events/${event.id}/people/`, { token: ada.access })).json();
    const personA = people.find((x: { photos_count: number }) => x.photos_count === 7);
    const linked = await call(h, 'POST', `/api/events/${event.id}/people/${personA.id}/link/`, {
      token: bob.access,
      body: { me: true },
    });
    expect(linked.statusCode).toBe(200);
    return { ada, pat, bob, event, p };
  }

  describe('find-me by the linked face', () => {
    it('returns only photos the caller may read, one case per rule, best first with a similarity', async () => {
      const { bob, event, p } = await scene();
      const res = await findMe(bob, event.id);
      expect(res.statusCode).toBe(200);
      // Public and completed; tagged in a private one; their own photo in any status.
      expect(ids(res)).toEqual([p.open, p.privateTagged, p.bobsPending].sort());
      const sims = (res.json() as Match[]).map((m) => m.similarity);
      expect(sims).toEqual([...sims].sort((x, y) => y - x));
      expect(sims.every((s) => s >= h.ctx.config.FACE_MATCH_THRESHOLD && s <= 1)).toBe(true);

      // An img member also reads the photos at the IMG level.
      await setRole(h, bob.id, 'img');
      expect(ids(await findMe(bob, event.id))).toEqual(
        [p.open, p.clubOnly, p.privateTagged, p.bobsPending].sort(),
      );
    });

    it('answers 409 to a caller linked to nobody, 404 for an event they may not read, 401 without a sign-in', async () => {
      const { event } = await scene();
      const carol = await signUpVerified(h);
      const res = await findMe(carol, event.id);
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('not_linked');
      const ada = await signUpVerified(h);
      const hidden = await createEvent(h, ada, { read_perm: 'PRV' });
      expect((await findMe(carol, hidden.id)).statusCode).toBe(404);
      expect((await call(h, 'POST', `/api/events/${event.id}/find-me/`)).statusCode).toBe(401);
    });

    it('in a private event, finds photos for its members only', async () => {
      const ada = await signUpVerified(h);
      const bob = await signUpVerified(h);
      const event = await createEvent(h, ada, { read_perm: 'PRV' });
      const g = faceGenerator(12);
      const a = g.person();
      const photo = await addPhoto(h, event.id, ada);
      await storeTestFaces(h, photo, [g.copyOf(a)]);
      expect((await findMe(bob, event.id)).statusCode).toBe(404);
      await call(h, 'POST', `/api/events/${event.id}/members/`, {
        token: ada.access,
        body: { username: bob.username, role: 'viewer' },
      });
      const [person] = (
        await call(h, 'GET', `/api/events/${event.id}/people/`, { token: bob.access })
      ).json();
      await call(h, 'POST', `/api/events/${event.id}/people/${person.id}/link/`, {
        token: bob.access,
        body: { me: true },
      });
      expect(ids(await findMe(bob, event.id))).toEqual([photo]);
    });
  });

  describe('find-me by a selfie', () => {
    it('staff find every photo of the face; the selfie leaves nothing on disk or in the database', async () => {
      h.ctx.embedSelfie = pixelEmbedding;
      const ada = await signUpVerified(h);
      const pat = await signUpVerified(h);
      const admin = await signUpVerified(h);
      await setRole(h, admin.id, 'admin');
      const event = await createEvent(h, ada);
      const face = await noisePicture(1);
      const other = await noisePicture(2);
      const shown = await addPhoto(h, event.id, pat);
      const pending = await addPhoto(h, event.id, pat, { status: 'PE' });
      const private_ = await addPhoto(h, event.id, pat, { readPerm: 'PRV' });
      const stranger = await addPhoto(h, event.id, pat);
      for (const id of [shown, pending, private_])
        await storeTestFaces(h, id, [(await pixelEmbedding(face))!]);
      await storeTestFaces(h, stranger, [(await pixelEmbedding(other))!]);

      // The selfie: the same face, re-encoded as a JPEG at another size.
      const selfie = await sharp(face).resize(96, 96).jpeg({ quality: 85 }).toBuffer();
      const reader = await signUpVerified(h);
      const before = {
        files: await filesUnder(h.dataDir),
        rows: await queryRows(h.ctx.database.db, sql`select id, person_id from faces order by id`),
        people: await countRows(h, 'people'),
      };
      for (const who of [ada, pat, admin]) {
        const res = await findMe(who, event.id, selfie);
        expect(res.statusCode).toBe(200);
        expect(ids(res)).toEqual([shown, pending, private_].sort());
        expect((res.json() as Match[])[0]!.similarity).toBeGreaterThan(0.9);
      }
      // A reader who is none of those finds only what they may read.
      expect(ids(await findMe(reader, event.id, selfie))).toEqual([shown]);
      expect(await filesUnder(h.dataDir)).toEqual(before.files);
      expect(await queryRows(h.ctx.database.db, sql`select id, person_id from faces order by id`)).toEqual(
        before.rows,
      );
      expect(await countRows(h, 'people')).toBe(before.people);
    });

    it('refuses a file that is not a picture, a picture without a face, and an empty form', async () => {
      h.ctx.embedSelfie = pixelEmbedding;
      const ada = await signUpVerified(h);
      const event = await createEvent(h, ada);
      const notImage = await findMe(ada, event.id, Buffer.from('hello, not a picture'));
      expect(notImage.statusCode).toBe(415);
      h.ctx.embedSelfie = async () => null;
      const faceless = await findMe(ada, event.id, await noisePicture(3));
      expect(faceless.statusCode).toBe(400);
      expect(faceless.json().code).toBe('no_face');
      const empty = multipartBody([{ name: 'note', value: 'no file' }]);
      const res = await call(h, 'POST', `/api/events/${event.id}/find-me/`, {
        token: ada.access,
        body: empty.payload,
        headers: empty.headers,
      });
      expect(res.statusCode).toBe(400);
      h.ctx.embedSelfie = undefined;
      expect((await findMe(ada, event.id, await noisePicture(3))).statusCode).toBe(503);
    });
  });
});

forEachEngine(
  (h: Harness) => {
    describe('find-me rate limit', () => {
      it('answers 429 with Retry-After past RATE_FIND_ME_PER_HOUR', async () => {
        const ada = await signUpVerified(h);
        const event = await createEvent(h, ada);
        const ask = () => call(h, 'POST', `/api/events/${event.id}/find-me/`, { token: ada.access });
        expect((await ask()).statusCode).toBe(409);
        expect((await ask()).statusCode).toBe(409);
        const third = await ask();
        expect(third.statusCode).toBe(429);
        expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
      });
    });
  },
  { RATE_FIND_ME_PER_HOUR: '2' },
);
