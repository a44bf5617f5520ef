import type { PersonRead, PhotoRead } from '@pixeli/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../app/services';
import { endpoints } from '../lib/api/endpoints';
import { photoKeys } from '../photos/keys';

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

/**
 * "This is me" (or unlinking): the person's new state goes into the event's people list, and the
 * photos that show them are fetched again, since their faces now carry a name.
 */
export function useLinkMe(eventId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: { personId: string; linked: boolean }) => {
      const params = { eventId, personId: input.personId };
      if (input.linked) return api.call(endpoints.people.link, { params, body: { me: true } });
      await api.call(endpoints.people.unlink, { params });
      return null;
    },
    onSuccess: (person, input) => {
      client.setQueryData<PersonRead[]>(peopleKeys.ofEvent(eventId), (people) =>
        people?.map((p) => (p.id !== input.personId ? p : (person ?? { ...p, user: null, name: null }))),
      );
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
