/**
 * The web app's sign-in, as plain TypeScript (no React): the access token lives in this module's
 * memory only, never in storage a script could read later; the refresh token is an HttpOnly cookie
 * the server sets and the page never sees. A reload starts `signed-out`-unknown (`starting`) and
 * asks the server for a fresh access token with that cookie.
 *
 * One refresh at a time: every caller that needs a new token while one is on its way shares it,
 * because the server rotates refresh tokens and treats a second use of one as theft.
 */
export type SessionStatus = 'starting' | 'signed-in' | 'signed-out';

export interface SessionSnapshot {
  status: SessionStatus;
  access: string | null;
}

/** The server's cookie-only session routes; only these ever receive the refresh cookie. */
export const SESSION_COOKIE_HEADER = { 'x-pixeli-session': 'cookie' } as const;
export const SESSION_PATHS = {
  refresh: '/api/auth/session/refresh/',
  logout: '/api/auth/session/logout/',
} as const;

export interface Session {
  snapshot(): SessionSnapshot;
  subscribe(listener: () => void): () => void;
  /** Resolves once the first refresh (from the cookie) has answered. */
  start(): Promise<void>;
  /** After a sign-in answer: the server set the cookie; we keep the access token. */
  signedIn(access: string): void;
  /** A new access token, shared by every caller while one refresh is in flight; null if signed out. */
  refresh(): Promise<string | null>;
  /** A token newer than `stale`, refreshing only if nobody has yet. */
  refreshAfter(stale: string | null): Promise<string | null>;
  signOut(): Promise<void>;
  /** The server said this sign-in is over (refresh refused, signed out elsewhere). */
  ended(): void;
}

export function createSession(fetchFn: typeof fetch = (...args) => fetch(...args)): Session {
  let state: SessionSnapshot = { status: 'starting', access: null };
  let inFlight: Promise<string | null> | null = null;
  let started: Promise<void> | null = null;
  const listeners = new Set<() => void>();

  const set = (next: SessionSnapshot) => {
    if (next.status === state.status && next.access === state.access) return;
    state = next;
    for (const listener of listeners) listener();
  };

  const refresh = (): Promise<string | null> => {
    inFlight ??= (async () => {
      try {
        const response = await fetchFn(SESSION_PATHS.refresh, {
          method: 'POST',
          headers: SESSION_COOKIE_HEADER,
          credentials: 'same-origin',
        });
        // 204: this browser holds no sign-in (a visitor's first page), said without an error status.
        if (response.status === 204) {
          set({ status: 'signed-out', access: null });
          return null;
        }
        if (!response.ok) {
          // 401/403: the cookie is gone, used or refused; anything else is the server's trouble,
          // which must not sign the person out.
          if (response.status === 401 || response.status === 403) set({ status: 'signed-out', access: null });
          else if (state.status === 'starting') set({ status: 'signed-out', access: null });
          return null;
        }
        const { access } = (await response.json()) as { access: string };
        set({ status: 'signed-in', access });
        return access;
      } catch {
        // Offline: keep whatever we had, the caller reports the network error.
        if (state.status === 'starting') set({ status: 'signed-out', access: null });
        return null;
      } finally {
        inFlight = null;
      }
    })();
    return inFlight;
  };

  return {
    snapshot: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start() {
      started ??= refresh().then(() => undefined);
      return started;
    },
    signedIn(access) {
      set({ status: 'signed-in', access });
    },
    refresh,
    refreshAfter(stale) {
      if (state.access && state.access !== stale) return Promise.resolve(state.access);
      return refresh();
    },
    async signOut() {
      const access = state.access;
      set({ status: 'signed-out', access: null });
      try {
        await fetchFn(SESSION_PATHS.logout, {
          method: 'POST',
          headers: { ...SESSION_COOKIE_HEADER, ...(access ? { authorization: `Bearer ${access}` } : {}) },
          credentials: 'same-origin',
        });
      } catch {
        // Offline: the cookie stays until the next sign-out; the page has forgotten the token.
      }
    },
    ended() {
      set({ status: 'signed-out', access: null });
    },
  };
}
