import type { PhotoList } from '@pixeli/contract';
import {
  type InfiniteData,
  infiniteQueryOptions,
  type QueryClient,
  useInfiniteQuery,
} from '@tanstack/react-query';
import { api } from '../app/services';
import type { Page } from '../lib/api/client';
import { endpoints } from '../lib/api/endpoints';
import { type PhotoSource, photoKeys } from './keys';

export { type PhotoSource, photoKeys };

/**
 * The photo lists the app shows (the feed, an event's gallery, my uploads), as TanStack Query
 * infinite queries with one key scheme, so the viewer can swipe through the very list the grid
 * showed, and a like or a live addition updates every list that holds the photo.
 */
export const PAGE_SIZE = 100;

/** `?in=` of a viewer URL: which list the photo was opened from (swipe goes through it). */
export const sourceParam = (source: PhotoSource) => {
  if (source.kind !== 'event') return source.kind;
  return source.personId ? `event:${source.eventId}:person:${source.personId}` : `event:${source.eventId}`;
};

export function parseSource(value: string | null): PhotoSource | null {
  if (value === 'feed' || value === 'mine') return { kind: value };
  const rest = value?.startsWith('event:') ? value.slice('event:'.length) : '';
  const [eventId, person, personId] = rest.split(':');
  if (!eventId) return null;
  return person === 'person' && personId ? { kind: 'event', eventId, personId } : { kind: 'event', eventId };
}

function fetchPage(
  source: PhotoSource,
  next: string | null,
  signal: AbortSignal,
): Promise<Page<PhotoList[]>> {
  const query = { limit: PAGE_SIZE };
  if (source.kind === 'event') {
    return api.page(endpoints.photos.ofEvent, {
      params: { eventId: source.eventId },
      query: { ...query, person: source.personId },
      next,
      signal,
    });
  }
  const ep = source.kind === 'feed' ? endpoints.photos.feed : endpoints.photos.mine;
  return api.page(ep, { query, next, signal });
}

export type PhotoPages = InfiniteData<Page<PhotoList[]>>;

/** One list's query, the same for the hook and for a prefetch, so both fill one cache entry. */
const photoListQuery = (source: PhotoSource) =>
  infiniteQueryOptions({
    queryKey: photoKeys.list(source),
    queryFn: ({ pageParam, signal }) => fetchPage(source, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next,
  });

export function usePhotoList(source: PhotoSource, options: { enabled?: boolean } = {}) {
  return useInfiniteQuery({ ...photoListQuery(source), enabled: options.enabled ?? true });
}

/** Starts loading a list's first page before its screen has rendered (the feed at start-up). */
export function prefetchPhotoList(client: QueryClient, source: PhotoSource) {
  return client.prefetchInfiniteQuery(photoListQuery(source));
}

/** Every photo of a list's loaded pages, in order. */
export const flattenPages = (data: PhotoPages | undefined): PhotoList[] =>
  data ? data.pages.flatMap((page) => page.items) : [];

/**
 * Applies a change to one photo wherever it is cached: in every loaded list page and in its own
 * entry. Used by optimistic likes, deletes and live status changes.
 */
export function updateCachedPhoto(
  client: QueryClient,
  id: string,
  change: (photo: PhotoList) => PhotoList | null,
) {
  client.setQueriesData<PhotoPages>({ queryKey: photoKeys.lists() }, (data) => {
    if (!data) return data;
    let touched = false;
    const pages = data.pages.map((page) => {
      if (!page.items.some((p) => p.id === id)) return page;
      touched = true;
      const items = page.items.flatMap((p) => {
        if (p.id !== id) return [p];
        const next = change(p);
        return next ? [next] : [];
      });
      return { ...page, items };
    });
    return touched ? { ...data, pages } : data;
  });
  client.setQueryData<PhotoList>(photoKeys.one(id), (photo) =>
    photo ? (change(photo) ?? undefined) : photo,
  );
}
