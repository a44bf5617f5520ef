import { useQuery } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import { endpoints } from '../lib/api/endpoints';
import { api, session } from './services';

/** The session's state, re-rendering on sign-in and sign-out. */
export function useSession() {
  return useSyncExternalStore(session.subscribe, session.snapshot);
}

export const meKey = ['me'] as const;

/** The signed-in person (`GET /api/auth/me/`). */
export function useMe() {
  const { status } = useSession();
  return useQuery({
    queryKey: meKey,
    queryFn: ({ signal }) => api.call(endpoints.auth.me, { signal }),
    enabled: status === 'signed-in',
    staleTime: 5 * 60_000,
  });
}
