import { useSyncExternalStore } from 'react';
import { uploads } from '../app/services';

/** The upload queue's state, re-rendering as it changes. */
export const useUploads = () => useSyncExternalStore(uploads.subscribe, uploads.snapshot);
