import type { EventMember, EventRead, MiniUser, PersonRead, PhotoRead } from '@pixeli/contract';
import type { UserPick } from '../events/UserPicker';

/**
 * Naming a person (linking them to an account) as the event's staff: who may, whom they may
 * choose, and what a photo looks like once a person has a name.
 */

/**
 * Whether the caller names people in this event: its staff (coordinator or admin), as the server's
 * `canLinkPerson` says; the event's answer carries that as `can_manage`. The API has no separate
 * "may name" hint; anyone else only says "this is me".
 */
export const mayNamePeople = (event: Pick<EventRead, 'can_manage' | 'faces_enabled'> | undefined) =>
  Boolean(event?.can_manage && event.faces_enabled);

/** Lower case without accents, so "zoe" finds "Zoë". */
const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLocaleLowerCase();

const displayName = (user: MiniUser) => user.name || user.username;

/**
 * The people a person may be named as: the event's coordinator and members whose name or username
 * holds every word typed, by name. The one already named here is marked "Current" (not choosable);
 * someone who is another person of the event is marked "Merge": one account is one person per
 * event, so naming this face after them joins the two people (the face model often splits one
 * person across very different photos).
 */
export function namingChoices(input: {
  coordinator: MiniUser | null | undefined;
  members: readonly EventMember[];
  people: readonly PersonRead[] | undefined;
  personId: string;
  query: string;
}): UserPick[] {
  const words = fold(input.query).split(/\s+/).filter(Boolean);
  const byId = new Map<string, MiniUser>();
  if (input.coordinator) byId.set(input.coordinator.id, input.coordinator);
  for (const m of input.members) byId.set(m.user.id, m.user);
  const personOf = new Map((input.people ?? []).flatMap((p) => (p.user ? [[p.user.id, p.id] as const] : [])));
  return [...byId.values()]
    .filter((user) => {
      const haystack = fold(`${user.name} ${user.username}`);
      return words.every((w) => haystack.includes(w));
    })
    .sort((a, b) => displayName(a).localeCompare(displayName(b)))
    .map((user) => {
      const linked = personOf.get(user.id);
      if (linked === input.personId) return { user, note: 'Current', disabled: true };
      if (linked) return { user, note: 'Merge' };
      return { user };
    });
}

/**
 * The photo as it is once `personId` is named `user` (or unnamed, with null): every face of that
 * person carries the account, so the boxes and the list show the name before the photo is fetched again.
 */
export function withPersonNamed(photo: PhotoRead, personId: string, user: MiniUser | null): PhotoRead {
  if (!photo.faces.some((f) => f.person_id === personId)) return photo;
  return { ...photo, faces: photo.faces.map((f) => (f.person_id === personId ? { ...f, user } : f)) };
}

/** Whether a link's answer says two people became one: the person kept is not the one named. */
export const wasMerged = (asked: string, answer: Pick<PersonRead, 'id'> | null) =>
  answer !== null && answer.id !== asked;

/**
 * The photo once person `from` has joined person `into` (named `user`): its faces of `from` now
 * belong to `into`, so the boxes show the name before the photo is fetched again.
 */
export function withPersonMerged(
  photo: PhotoRead,
  from: string,
  into: string,
  user: MiniUser | null,
): PhotoRead {
  if (!photo.faces.some((f) => f.person_id === from)) return photo;
  return {
    ...photo,
    faces: photo.faces.map((f) => (f.person_id === from ? { ...f, person_id: into, user } : f)),
  };
}
