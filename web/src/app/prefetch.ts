import { queryClient, session } from './services';

/**
 * Starts the landing screen's data as soon as the sign-in is known, instead of after the router
 * has loaded the screen's chunk and React has rendered it: on `/` the feed's first page is the
 * largest paint's only wait. The list's module is a chunk the feed needs anyway.
 */
export function prefetchLanding() {
  if (location.pathname !== '/') return;
  void session.start().then(async () => {
    if (session.snapshot().status !== 'signed-in') return;
    const { prefetchPhotoList } = await import('../photos/queries');
    await prefetchPhotoList(queryClient, { kind: 'feed' });
  });
}
