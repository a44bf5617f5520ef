import { describe, expect, it } from 'vitest';
import { eventMembers, photoTags } from '../../db/schema.js';
import { addPhoto as addPhotoRow } from '../../test/fixtures.js';
import { call, forEachEngine, type Harness, signUpVerified, type TestUser } from '../../test/harness.js';
import { recordQueries } from '../../test/queries.js';

/** A processed photo row (these tests are about reads), a minute apart by index. */
const addPhoto = (h: Harness, eventId: string, by: TestUser, index: number) =>
  addPhotoRow(h, eventId, by, { userTags: ['stage'], timestamp: new Date(Date.UTC(2024, 0, 1, 12, index)) });

/**
 * No N+1: every list answers in a fixed number of SQL statements whatever the page size. Each
 * list is read twice, a small page and a large one, counting the statements the app sends to the
 * database; the counts must be equal.
 */

const createEvent = async (h: Harness, who: TestUser, title: string) =>
  (await call(h, 'POST', '/api/events/', { token: who.access, body: { title } })).json() as { id: string };

/** GETs `url` as `who`, and the statements it took; the reply must list `expected` items (search: a page). */
async function statementsOf(h: Harness, who: TestUser, url: string, expected: number) {
  // The sign-in is checked once and then remembered (sign-in-cache.ts): check it before counting.
  await call(h, 'GET', '/api/auth/me/', { token: who.access });
  const { result, statements } = await recordQueries(h, () => call(h, 'GET', url, { token: who.access }));
  expect(result.statusCode, result.body.slice(0, 300)).toBe(200);
  const body = result.json();
  expect(Array.isArray(body) ? body : body.results).toHaveLength(expected);
  return statements;
}

const sameCount = (large: string[], small: string[]) =>
  expect(large.length, `large page:\n${large.join('\n')}\n\nsmall page:\n${small.join('\n')}`).toBe(
    small.length,
  );

forEachEngine((h) => {
  describe('photo lists', () => {
    it('a gallery, the feed, mine, tagged-in and search take as many statements for 2 photos as for 19', async () => {
      const ada = await signUpVerified(h);
      const bob = await signUpVerified(h);
      const event = await createEvent(h, ada, 'Spring Fest');
      const ids: string[] = [];
      for (let i = 0; i < 20; i++) ids.push(await addPhoto(h, event.id, ada, i));
      await h.ctx.database.db
        .insert(photoTags)
        .values(ids.map((photoId) => ({ photoId, userId: bob.id, taggedById: ada.id })));
      await h.ctx.queue.idle();

      const lists: [string, TestUser, string][] = [
        ['gallery', bob, `/api/events/${event.id}/photos/?`],
        ['feed', bob, '/api/photos/feed/?'],
        ['mine', ada, '/api/photos/?'],
        ['tagged-in', bob, '/api/photos/photos-tagged-in/?'],
        ['search', bob, '/api/photos/search/?tags=stage&event_name=spring&'],
      ];
      for (const [name, who, url] of lists) {
        const small = await statementsOf(h, who, `${url}limit=2`, 2);
        // 19 of 20, so both pages have a next one (the search counts its matches only then).
        const large = await statementsOf(h, who, `${url}limit=19`, 19);
        expect(small.length, name).toBeGreaterThan(0);
        sameCount(large, small);
      }
    });
  });

  describe('event lists', () => {
    it('GET /api/events/ takes as many statements for 2 events as for 10 (counts, covers, coordinators, members)', async () => {
      const ada = await signUpVerified(h);
      const cy = await signUpVerified(h);
      const bob = await signUpVerified(h);
      /** An event of alternating coordinators, with a photo (count and cover) and a member. */
      const addEvent = async (i: number) => {
        const coordinator = i % 2 === 0 ? ada : cy;
        const event = await createEvent(h, coordinator, `e${i}`);
        await addPhoto(h, event.id, coordinator, i);
        await h.ctx.database.db
          .insert(eventMembers)
          .values({ eventId: event.id, userId: bob.id, role: 'viewer' });
      };
      for (let i = 0; i < 2; i++) await addEvent(i);
      await h.ctx.queue.idle();
      const small = await statementsOf(h, bob, '/api/events/', 2);
      for (let i = 2; i < 10; i++) await addEvent(i);
      const large = await statementsOf(h, bob, '/api/events/', 10);
      sameCount(large, small);
      // A page of a longer list costs the same as the whole of a short one.
      sameCount(await statementsOf(h, bob, '/api/events/?limit=2', 2), small);
      const listed = (await call(h, 'GET', '/api/events/', { token: bob.access })).json();
      expect(
        listed.every(
          (e: { images_count: number; cover_photo: unknown }) => e.images_count === 1 && e.cover_photo,
        ),
      ).toBe(true);
    });
  });
});
