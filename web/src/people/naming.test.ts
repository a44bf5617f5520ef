import type { EventMember, PersonRead, PhotoRead } from '@pixeli/contract';
import { describe, expect, it } from 'vitest';
import { mayNamePeople, namingChoices, wasMerged, withPersonMerged, withPersonNamed } from './naming';

const user = (n: number, username: string, name: string) => ({
  id: `${n}b6f3c1e-8a4d-4c2b-9e7f-1a2b3c4d5e6f`,
  username,
  name,
  profile_pic: null,
});
const cora = user(1, 'cora', 'Cora Lind');
const zoe = user(2, 'zoe', 'Zoë Ek');
const milo = user(3, 'milo', '');
const nina = user(4, 'nina', 'Nina Berg');
const member = (u: typeof cora): EventMember => ({
  user: u,
  role: 'viewer',
  joined_at: '2026-01-01T00:00:00Z',
});
const person = (id: string, u: typeof cora | null): PersonRead => ({
  id,
  name: u?.name ?? null,
  user: u,
  photos_count: 1,
  face_url: null,
});

const base = {
  coordinator: cora,
  members: [member(zoe), member(milo), member(nina), member(cora)],
  people: [person('p1', nina), person('p2', null), person('p3', milo)],
  personId: 'p3',
};
const names = (picks: { user: { username: string } }[]) => picks.map((p) => p.user.username);

describe('naming a person', () => {
  it('is for the staff of an event with faces on', () => {
    expect(mayNamePeople({ can_manage: true, faces_enabled: true })).toBe(true);
    expect(mayNamePeople({ can_manage: false, faces_enabled: true })).toBe(false);
    expect(mayNamePeople({ can_manage: true, faces_enabled: false })).toBe(false);
    expect(mayNamePeople(undefined)).toBe(false);
  });

  it('offers the coordinator and every member once, by name, marking the current name and the taken ones', () => {
    const picks = namingChoices({ ...base, query: '' });
    // Milo has no name: sorted by what is shown, his username.
    expect(names(picks)).toEqual(['cora', 'milo', 'nina', 'zoe']);
    expect(picks.find((p) => p.user.username === 'milo')).toMatchObject({ note: 'Current', disabled: true });
    // Naming a face after someone who is already another person merges the two: choosable.
    const nina = picks.find((p) => p.user.username === 'nina');
    expect(nina).toMatchObject({ note: 'Merge' });
    expect(nina?.disabled).toBeUndefined();
    expect(picks.find((p) => p.user.username === 'zoe')?.disabled).toBeUndefined();
  });

  it('finds by any part of the name or username, every word, regardless of case and accents', () => {
    expect(names(namingChoices({ ...base, query: 'ZOE' }))).toEqual(['zoe']);
    expect(names(namingChoices({ ...base, query: '  berg   nin ' }))).toEqual(['nina']);
    expect(names(namingChoices({ ...base, query: 'mil' }))).toEqual(['milo']);
    expect(names(namingChoices({ ...base, query: 'nobody' }))).toEqual([]);
  });

  it('works before the people list has loaded, and without a coordinator', () => {
    const picks = namingChoices({
      ...base,
      coordinator: null,
      members: [member(zoe)],
      people: undefined,
      query: '',
    });
    expect(picks).toEqual([{ user: zoe }]);
  });

  it('puts the name on every face of that person in a photo, and takes it off again', () => {
    const box = { x: 0, y: 0, width: 0.1, height: 0.1 };
    const photo = {
      faces: [
        { box, person_id: 'p2', user: null },
        { box, person_id: 'p1', user: nina },
        { box, person_id: null, user: null },
      ],
    } as PhotoRead;
    const named = withPersonNamed(photo, 'p2', zoe);
    expect(named.faces.map((f) => f.user?.username ?? null)).toEqual(['zoe', 'nina', null]);
    expect(withPersonNamed(named, 'p2', null).faces.map((f) => f.user?.username ?? null)).toEqual([
      null,
      'nina',
      null,
    ]);
    // A photo without that person is left as it is (the same object: nothing re-renders).
    expect(withPersonNamed(photo, 'p9', zoe)).toBe(photo);
  });

  it("tells a merge by the answer, and moves the merged person's faces to the one kept", () => {
    expect(wasMerged('p2', { id: 'p1' })).toBe(true);
    expect(wasMerged('p2', { id: 'p2' })).toBe(false);
    expect(wasMerged('p2', null)).toBe(false);
    const box = { x: 0, y: 0, width: 0.1, height: 0.1 };
    const photo = {
      faces: [
        { box, person_id: 'p2', user: null },
        { box, person_id: 'p3', user: null },
      ],
    } as PhotoRead;
    const merged = withPersonMerged(photo, 'p2', 'p1', nina);
    expect(merged.faces.map((f) => [f.person_id, f.user?.username ?? null])).toEqual([
      ['p1', 'nina'],
      ['p3', null],
    ]);
    expect(withPersonMerged(photo, 'p9', 'p1', nina)).toBe(photo);
  });
});
