import type { PersonRead, PhotoRead } from '@pixeli/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../app/services';
import { endpoints } from '../lib/api/endpoints';
import { photoKeys } from '../photos/keys';
import { wasMerged, withPersonMerged, withPersonNamed } from './naming';

export const peopleKeys = {
  ofEvent: (eventId: string) => ['people', 'event', eventId] as const,
  /** The last find-me answer in an event, so the sheet shows it again after a visit to the viewer. */
  foundMe: (eventId: string) => ['people', 'find-me', eventId] as const,
};

/** An event's people (faces grouped), for the gallery's strip; off when the event has faces off. */
export function usePeople(eventId: string, enabled: boolean) {
  return useQuery({
    queryKey: peopleKeys.ofEvent(eventId),
    queryFn: ({ signal }) => api.call(endpoints.people.ofEvent, { params: { eventId }, signal }),
    enabled: enabled && !!eventId,
  });
}

/** Whom a person is linked to: the caller ("this is me"), an account (staff only), or nobody. */
export type LinkTarget = { me: true } | { userId: string } | null;

/**
 * Naming a person, "this is me", or taking a name off: the person's new state goes into the
 * event's people list and into every cached photo that shows them (their faces carry the name at
 * once), then both are fetched again to be sure.
 */
export function useLinkPerson(eventId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: { personId: string; to: LinkTarget }) => {
      const params = { eventId, personId: input.personId };
      if (!input.to) {
        await api.call(endpoints.people.unlink, { params });
        return null;
      }
      const body = 'me' in input.to ? { me: true as const } : { user_id: input.to.userId };
      return api.call(endpoints.people.link, { params, body });
    },
    onSuccess: (person, input) => {
      if (person && wasMerged(input.personId, person)) {
        // Two people became one: the one named is gone into the one kept (the answer).
        client.setQueryData<PersonRead[]>(peopleKeys.ofEvent(eventId), (people) =>
          people?.filter((p) => p.id !== input.personId).map((p) => (p.id === person.id ? person : p)),
        );
        client.setQueriesData<PhotoRead>({ queryKey: [...photoKeys.all, 'one'] }, (photo) =>
          photo ? withPersonMerged(photo, input.personId, person.id, person.user) : photo,
        );
      } else {
        client.setQueryData<PersonRead[]>(peopleKeys.ofEvent(eventId), (people) =>
          people?.map((p) => (p.id !== input.personId ? p : (person ?? { ...p, user: null, name: null }))),
        );
        client.setQueriesData<PhotoRead>({ queryKey: [...photoKeys.all, 'one'] }, (photo) =>
          photo ? withPersonNamed(photo, input.personId, person?.user ?? null) : photo,
        );
      }
      void client.invalidateQueries({ queryKey: peopleKeys.ofEvent(eventId) });
      void client.invalidateQueries({ queryKey: [...photoKeys.all, 'one'] });
    },
  });
}

/** Accepting a tag suggestion: the existing tag route, whose answer is the photo as it now is. */
export function useTagSuggestion(photoId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (username: string) =>
      api.call(endpoints.photos.tag, { params: { id: photoId }, body: { tagged_usernames: [username] } }),
    onSuccess: (photo) => client.setQueryData<PhotoRead>(photoKeys.one(photoId), photo),
  });
}
