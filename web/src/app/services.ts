import { QueryClient } from '@tanstack/react-query';
import { createApiClient } from '../lib/api/client';
import { ApiError } from '../lib/api/errors';
import { createSession } from '../lib/session';
import { createLiveSocket } from '../lib/socket';

/**
 * The app's long-lived objects, made once: the session, the API client over it, and the query
 * cache. Plain modules, so the data layer is testable without React; components reach them
 * through the hooks in `app/hooks.ts`.
 */
export const session = createSession();
export const api = createApiClient(session);
export const live = createLiveSocket(session);

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      // A refusal will not change by asking again; the network might.
      retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});

// Whoever signs out (here or because the server ended the sign-in) leaves nothing behind.
session.subscribe(() => {
  if (session.snapshot().status === 'signed-out') queryClient.clear();
});
