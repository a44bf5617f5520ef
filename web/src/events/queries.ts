import type {
  EventCreateBody,
  EventRead,
  EventUpdateBody,
  InviteCreateBody,
  MemberRole,
} from '@pixeli/contract';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../app/services';
import { endpoints } from '../lib/api/endpoints';

/**
 * The events' server state. Keys start with `['events']` so one invalidation refreshes every
 * list and page about events after a change.
 */
export const eventKeys = {
  all: ['events'] as const,
  list: () => ['events', 'list'] as const,
  one: (id: string) => ['events', 'one', id] as const,
  members: (id: string) => ['events', 'members', id] as const,
  invites: (id: string) => ['events', 'invites', id] as const,
  invitePreview: (token: string) => ['events', 'invite-preview', token] as const,
};

const PAGE_SIZE = 30;

/** The events the viewer can see, newest first, a page at a time. */
export function useEventList() {
  return useInfiniteQuery({
    queryKey: eventKeys.list(),
    queryFn: ({ pageParam, signal }) =>
      api.page(endpoints.events.list, { query: { limit: PAGE_SIZE }, next: pageParam, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next,
  });
}

export function useEvent(id: string | undefined) {
  return useQuery({
    queryKey: eventKeys.one(id ?? ''),
    queryFn: ({ signal }) => api.call(endpoints.events.get, { params: { id: id ?? '' }, signal }),
    enabled: Boolean(id),
  });
}

export function useMembers(id: string) {
  return useQuery({
    queryKey: eventKeys.members(id),
    queryFn: ({ signal }) => api.call(endpoints.events.members, { params: { id }, signal }),
  });
}

export function useInvites(id: string, enabled: boolean) {
  return useQuery({
    queryKey: eventKeys.invites(id),
    queryFn: ({ signal }) => api.call(endpoints.events.invites, { params: { id }, signal }),
    enabled,
  });
}

/** What an invite link leads to; works signed out. A 404 or 410 is an answer, not worth a retry. */
export function useInvitePreview(token: string) {
  return useQuery({
    queryKey: eventKeys.invitePreview(token),
    queryFn: ({ signal }) => api.call(endpoints.events.previewInvite, { params: { token }, signal }),
    retry: false,
  });
}

/** Keeps the one-event cache fresh with the server's answer and lets the lists refetch. */
function useEventSaved() {
  const queryClient = useQueryClient();
  return (event: EventRead) => {
    queryClient.setQueryData(eventKeys.one(event.id), event);
    void queryClient.invalidateQueries({ queryKey: eventKeys.list() });
  };
}

export function useCreateEvent() {
  const saved = useEventSaved();
  return useMutation({
    mutationFn: (body: EventCreateBody) => api.call(endpoints.events.create, { body }),
    onSuccess: saved,
  });
}

export function useUpdateEvent(id: string) {
  const saved = useEventSaved();
  return useMutation({
    mutationFn: (body: EventUpdateBody) => api.call(endpoints.events.update, { params: { id }, body }),
    onSuccess: saved,
  });
}

export function useDeleteEvent(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (cascade: boolean) =>
      api.call(endpoints.events.remove, { params: { id }, query: { cascade: cascade ? 'true' : 'false' } }),
    // Only the list: the deleted event's own queries would answer 404 while its page closes.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: eventKeys.list() }),
  });
}

/** Member changes refresh the member list and the event (its counts and my role). */
function useMembersChanged(id: string) {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: eventKeys.members(id) });
    void queryClient.invalidateQueries({ queryKey: eventKeys.one(id) });
  };
}

export function useAddMember(id: string) {
  const changed = useMembersChanged(id);
  return useMutation({
    mutationFn: (body: { username: string; role: MemberRole }) =>
      api.call(endpoints.events.addMember, { params: { id }, body }),
    onSuccess: changed,
  });
}

export function useChangeMember(id: string) {
  const changed = useMembersChanged(id);
  return useMutation({
    mutationFn: (input: { userId: string; role: MemberRole }) =>
      api.call(endpoints.events.changeMember, {
        params: { id, userId: input.userId },
        body: { role: input.role },
      }),
    onSuccess: changed,
  });
}

/**
 * Removing someone, or leaving (`self`): who leaves may no longer see the event, so its page is
 * not refetched (that would answer 404 on the way out); only the list they go back to is.
 */
export function useRemoveMember(id: string) {
  const changed = useMembersChanged(id);
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { userId: string; self: boolean }) =>
      api.call(endpoints.events.removeMember, { params: { id, userId: input.userId } }),
    onSuccess: (_, input) =>
      input.self ? queryClient.invalidateQueries({ queryKey: eventKeys.list() }) : changed(),
  });
}

export function useCreateInvite(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: InviteCreateBody) => api.call(endpoints.events.createInvite, { params: { id }, body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: eventKeys.invites(id) }),
  });
}

export function useRevokeInvite(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (inviteId: string) => api.call(endpoints.events.revokeInvite, { params: { id, inviteId } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: eventKeys.invites(id) }),
  });
}

export function useAcceptInvite(token: string) {
  const saved = useEventSaved();
  return useMutation({
    mutationFn: () => api.call(endpoints.events.acceptInvite, { params: { token } }),
    onSuccess: saved,
  });
}
