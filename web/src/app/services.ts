import { QueryClient } from '@tanstack/react-query';
import { createApiClient } from '../lib/api/client';
import { ApiError } from '../lib/api/errors';
import { createSession } from '../lib/session';
import { createLiveSocket } from '../lib/socket';
import { createUploadQueue, xhrTransport } from '../lib/upload-queue';
import { photoKeys } from '../photos/keys';

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

// Uploads outlive the screen that started them; a new photo refreshes the photo lists.
export const uploads = createUploadQueue({
  transport: xhrTransport,
  session,
  live,
  onPhotosChanged: () => void queryClient.invalidateQueries({ queryKey: photoKeys.lists() }),
  // The endpoint table carries the contract's schemas (zod): loaded with the first screen, not the shell.
  checkStatus: async (id) => {
    const { endpoints } = await import('../lib/api/endpoints');
    return (await api.call(endpoints.photos.get, { params: { id } })).status;
  },
});
