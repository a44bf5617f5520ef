import { useSyncExternalStore } from 'react';
import { session } from './services';

/**
 * The session's state, re-rendering on sign-in and sign-out. Its own module, free of the endpoint
 * table, so the shell that needs it stays out of the contract's schemas (loaded with the screens).
 */
export function useSession() {
  return useSyncExternalStore(session.subscribe, session.snapshot);
}
