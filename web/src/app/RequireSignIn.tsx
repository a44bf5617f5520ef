import { Navigate, Outlet, useLocation } from 'react-router';
import { Splash } from './Splash';
import { useSession } from './useSession';

/**
 * The signed-in part of the app. While the first refresh (from the cookie) is on its way it shows
 * the splash; once signed out it sends the person to sign in, remembering where they were so they
 * come back there.
 */
export function RequireSignIn() {
  const { status } = useSession();
  const location = useLocation();
  if (status === 'starting') return <Splash />;
  if (status === 'signed-out') {
    const next = `${location.pathname}${location.search}`;
    const to = next === '/' ? '/signin' : `/signin?next=${encodeURIComponent(next)}`;
    return <Navigate to={to} replace />;
  }
  return <Outlet />;
}

/** Where to go after signing in: the remembered path if it is one of ours, else home. */
export function afterSignIn(search: URLSearchParams): string {
  const next = search.get('next');
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/';
}
