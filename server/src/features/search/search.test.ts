import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { addPhoto, createEvent } from '../../test/fixtures.js';
import { call, forEachEngine, type Harness, signUpVerified, type TestUser } from '../../test/harness.js';
import { searchTerms } from './terms.js';

/** A word no other test uses, so each test sees only its own matches in the shared database. */
const unique = (stem: string) => `${stem}${randomBytes(3).toString('hex')}`;

interface Reply {
  users: { id: string; username: string }[];
  events: { id: string; title: string; images_count: number }[];
  photos: { id: string; thumbnail_url: string | null; likes_count: number }[];
}

async function search(h: Harness, who: TestUser, q: string, limit?: number): Promise<Reply> {
  const res = await call(
    h,
    'GET',
    `/api/search/?q=${encodeURIComponent(q)}${limit ? `&limit=${limit}` : ''}`,
    {
      token: who.access,
    },
  );
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

describe('search terms', () => {
  it('keeps only letters and digits as prefix words, and says when trigrams apply', () => {
    expect(searchTerms('  Spr  GAL ')).toMatchObject({ text: 'spr gal', prefixQuery: "'spr':* & 'gal':*" });
    expect(searchTerms("a':* | !b")).toMatchObject({ prefixQuery: "'a':* & 'b':*" });
    expect(searchTerms('!!!').prefixQuery).toBeNull();
    expect(searchTerms('S').prefixQuery).toBe("'s':*A");
    expect(searchTerms('50%_off').likeText).toBe('50\\%\\_off');
    expect(searchTerms('ab').fuzzy).toBe(false);
    expect(searchTerms('Fête').prefixQuery).toBe("'fête':*");
  });
});

forEachEngine((h) => {
  describe('GET /api/search/', () => {
    it('finds people by username or name word as they are typed, and through a typo', async () => {
      const surname = unique('quenby');
      const ada = await signUpVerified(h);
      const marisol = await signUpVerified(h, { username: unique('marisol_'), name: `Marisol ${surname}` });
      const ids = async (q: string) => (await search(h, ada, q)).users.map((u) => u.id);

      expect(await ids(marisol.username.slice(0, 10))).toContain(marisol.id);
      expect(await ids(surname.slice(0, 8))).toContain(marisol.id);
      expect(await ids(`marisol ${surname}`)).toEqual([marisol.id]);
      // One or two letters match the start of a word only: "ue" is inside "quenby", not a start.
      expect(await ids(surname.slice(1, 3))).not.toContain(marisol.id);
      expect(await ids(surname.slice(0, 2))).toContain(marisol.id);
      // One letter dropped from the surname: trigrams still find her.
      expect(await ids(surname.slice(0, 3) + surname.slice(4))).toContain(marisol.id);
      // The exact username ranks first.
      const first = await search(h, ada, marisol.username);
      expect(first.users[0]?.id).toBe(marisol.id);
    });

    it('does not list accounts that are not active', async () => {
      const ada = await signUpVerified(h);
      const name = unique('ghostly');
      const signup = await call(h, 'POST', '/api/auth/signup/', {
        body: { username: name, email: `${name}@example.com`, password: 'a long enough passphrase', name },
      });
      expect(signup.statusCode).toBe(201);
      expect((await search(h, ada, name)).users).toEqual([]);
    });

    it('finds events by the start of their words, only those the caller may read', async () => {
      const ada = await signUpVerified(h);
      const stranger = await signUpVerified(h);
      const member = await signUpVerified(h);
      const word = unique('gala');
      const open = await createEvent(h, ada, { title: `Spring ${word}`, location: 'Harbour hall' });
      const closed = await createEvent(h, ada, { title: `Secret ${word}`, read_perm: 'PRV' });
      await call(h, 'POST', `/api/events/${closed.id}/members/`, {
        token: ada.access,
        body: { username: member.username },
      });
      const titles = async (who: TestUser, q: string) => (await search(h, who, q)).events.map((e) => e.id);

      expect(await titles(stranger, `spr ${word.slice(0, 6)}`)).toEqual([open.id]);
      expect((await titles(stranger, word)).sort()).toEqual([open.id]);
      expect((await titles(member, word)).sort()).toEqual([open.id, closed.id].sort());
      expect((await titles(ada, word)).sort()).toEqual([open.id, closed.id].sort());
      // The location counts too, and a typo in the title is forgiven.
      expect(await titles(stranger, `harb ${word}`)).toEqual([open.id]);
      const typo = `${word.slice(0, 2)}${word.slice(3)}`;
      expect(await titles(stranger, typo)).toContain(open.id);
    });

    it('matches one letter against titles only, two or more against every word', async () => {
      const ada = await signUpVerified(h);
      const event = await createEvent(h, ada, { title: unique('Gala'), location: 'Quayside' });
      const ids = async (q: string) => (await search(h, ada, q, 20)).events.map((e) => e.id);
      expect(await ids('q')).not.toContain(event.id);
      expect(await ids('qu')).toContain(event.id);
      expect(await ids('g')).toContain(event.id);
    });

    it('finds photos by tag, caption, tagged person, photographer and event, never hidden ones', async () => {
      const photographer = await signUpVerified(h, { name: `Pia ${unique('lensman')}` });
      const friend = await signUpVerified(h, { name: `Tom ${unique('tagson')}` });
      const stranger = await signUpVerified(h);
      const word = unique('regatta');
      const event = await createEvent(h, photographer, { title: `Harbour ${word}` });
      const byTag = await addPhoto(h, event.id, photographer, { userTags: [`${word}-finish`] });
      const byCaption = await addPhoto(h, event.id, photographer, { caption: `Crossing the line, ${word}` });
      const hidden = await addPhoto(h, event.id, photographer, { userTags: [word], readPerm: 'PRV' });
      const pending = await addPhoto(h, event.id, photographer, { userTags: [word], status: 'PR' });
      const photoIds = async (who: TestUser, q: string) =>
        (await search(h, who, q, 20)).photos.map((p) => p.id);

      const seen = await photoIds(stranger, word.slice(0, 9));
      expect(seen).toEqual(expect.arrayContaining([byTag, byCaption]));
      expect(seen).not.toContain(hidden);
      expect(seen).not.toContain(pending);
      // The photographer sees all their own, in every status.
      expect(await photoIds(photographer, word)).toEqual(
        expect.arrayContaining([byTag, byCaption, hidden, pending]),
      );

      // Tagging the friend in the hidden photo lets them (and only them) find it by their own name.
      const tagged = await call(h, 'POST', `/api/photos/${hidden}/tags/`, {
        token: photographer.access,
        body: { usernames: [friend.username] },
      });
      expect(tagged.statusCode).toBe(200);
      const friendName = (await call(h, 'GET', '/api/auth/me/', { token: friend.access })).json()
        .name as string;
      expect(await photoIds(friend, friendName)).toContain(hidden);
      expect(await photoIds(stranger, friendName)).not.toContain(hidden);

      // By photographer's name and by event title: every visible photo of theirs / of the event.
      const pia = (await call(h, 'GET', '/api/auth/me/', { token: photographer.access })).json()
        .name as string;
      expect(await photoIds(stranger, pia.split(' ')[1]!)).toEqual(
        expect.arrayContaining([byTag, byCaption]),
      );
      expect(await photoIds(stranger, `harbour ${word}`)).toEqual(expect.arrayContaining([byTag, byCaption]));
    });

    it('ignores accents both ways: in names, titles, tags, captions and the photo filters', async () => {
      const stem = unique('zq');
      const ada = await signUpVerified(h);
      const jose = await signUpVerified(h, { username: unique('jose_'), name: `José Müller${stem}` });
      const event = await createEvent(h, ada, { title: `Fête ${stem} à Łódź` });
      const photo = await addPhoto(h, event.id, jose, {
        caption: `Crème brûlée ${stem}, naive${stem}`,
        userTags: [`café${stem}`],
      });
      const found = async (q: string) => {
        const reply = await search(h, ada, q);
        return {
          users: reply.users.map((u) => u.id),
          events: reply.events.map((e) => e.id),
          photos: reply.photos.map((p) => p.id),
        };
      };

      expect((await found(`muller${stem}`)).users).toEqual([jose.id]);
      expect((await found(`MÜLLER${stem}`)).users).toEqual([jose.id]);
      expect((await found(`fete ${stem}`)).events).toEqual([event.id]);
      expect((await found(`${stem} lodz`)).events).toEqual([event.id]);
      // A typo on top of the missing accents still finds the title by trigrams.
      expect((await found(`${stem} lodx`)).events).toEqual([event.id]);
      expect((await found(`cafe${stem}`)).photos).toEqual([photo]);
      expect((await found(`creme brulee ${stem}`)).photos).toEqual([photo]);
      // Typed with accents where the text has none, it matches too.
      expect((await found(`naïve${stem}`)).photos).toEqual([photo]);

      const filtered = async (query: string) =>
        (await call(h, 'GET', `/api/photos/search/?${query}`, { token: ada.access }))
          .json()
          .results.map((p: { id: string }) => p.id);
      expect(await filtered(`event_name=${encodeURIComponent(`fete ${stem}`)}`)).toEqual([photo]);
      expect(await filtered(`photographer_name=${encodeURIComponent(`muller${stem}`)}`)).toEqual([photo]);
    });

    it('ranks a photo found several ways above one found once', async () => {
      const ada = await signUpVerified(h);
      const word = unique('lantern');
      const event = await createEvent(h, ada, { title: `Festival of ${word}` });
      const onlyEvent = await addPhoto(h, event.id, ada, { timestamp: new Date('2025-06-02T12:00:00Z') });
      const eventAndTag = await addPhoto(h, event.id, ada, {
        userTags: [word],
        timestamp: new Date('2025-06-01T12:00:00Z'),
      });
      const result = await search(h, ada, word);
      expect(result.photos.map((p) => p.id)).toEqual([eventAndTag, onlyEvent]);
      expect(result.photos[0]).toMatchObject({ likes_count: 0 });
      expect(result.events.map((e) => e.id)).toEqual([event.id]);
      expect(result.events[0]?.images_count).toBe(2);
    });

    it('cuts every list to the limit', async () => {
      const ada = await signUpVerified(h);
      const word = unique('confetti');
      const event = await createEvent(h, ada, { title: word });
      for (let i = 0; i < 4; i++) await addPhoto(h, event.id, ada, { userTags: [word] });
      expect((await search(h, ada, word, 3)).photos).toHaveLength(3);
      expect((await search(h, ada, word)).photos).toHaveLength(4);
    });

    it('treats what is typed as text, never as query syntax', async () => {
      const ada = await signUpVerified(h);
      for (const q of ["' or 1=1 --", 'a:* | b', '!!!', '%', '_', '\\', '(', "o'brien", '☃', 'a & !b']) {
        const reply = await search(h, ada, q);
        expect(Array.isArray(reply.users) && Array.isArray(reply.events) && Array.isArray(reply.photos)).toBe(
          true,
        );
      }
      // `%` is a literal percent sign: it does not match everyone.
      expect((await search(h, ada, '%')).users).toEqual([]);
    });

    it('answers 400 for an empty or over-long query or a bad limit, 401 without a sign-in', async () => {
      const ada = await signUpVerified(h);
      for (const query of [
        '',
        '?q=',
        '?q=%20%20',
        `?q=${'a'.repeat(101)}`,
        '?q=a&limit=0',
        '?q=a&limit=21',
        '?q=a&limit=x',
      ]) {
        const res = await call(h, 'GET', `/api/search/${query}`, { token: ada.access });
        expect(res.statusCode, query).toBe(400);
      }
      expect((await call(h, 'GET', '/api/search/?q=a')).statusCode).toBe(401);
    });
  });
});
