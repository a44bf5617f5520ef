import { useSyncExternalStore } from 'react';
import type { LayoutMode } from './layout';

/**
 * The grid / masonry choice, remembered on this device (the only thing the app keeps in
 * localStorage) and shared by every grid on screen, so toggling in the feed also changes the
 * gallery.
 */
const STORAGE_KEY = 'pixeli.photoLayout';
const listeners = new Set<() => void>();

function read(): LayoutMode {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'masonry' ? 'masonry' : 'grid';
  } catch {
    return 'grid';
  }
}

let current: LayoutMode = typeof localStorage === 'undefined' ? 'grid' : read();

export function setLayoutMode(mode: LayoutMode) {
  current = mode;
  try {
    localStorage.setItem(STORAGE_KEY, mode);
  } catch {
    // Private mode may refuse storage: the choice then lasts until the tab closes.
  }
  for (const listener of listeners) listener();
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

export function useLayoutMode(): LayoutMode {
  return useSyncExternalStore(subscribe, () => current);
}
