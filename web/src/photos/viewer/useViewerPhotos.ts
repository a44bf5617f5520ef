import type { PhotoList, PhotoRead } from '@pixeli/contract';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { api } from '../../app/services';
import { endpoints } from '../../lib/api/endpoints';
import { flattenPages, type PhotoPages, type PhotoSource, photoKeys, usePhotoList } from '../queries';

/** Pages to read ahead looking for a deep-linked photo before giving up on swiping. */
const MAX_SEARCH_PAGES = 5;
/** Load the next page when this close to the end of what is loaded. */
const NEAR_END = 3;

/**
 * What the viewer shows: the photo of the URL, its neighbours in the list it was opened from (the
 * very cached infinite query the grid used, fetched here on a deep link), and the photo's full
 * record. The list's tile is shown at once; the full record brings the large image and the facts.
 */
export function useViewerPhotos(id: string, source: PhotoSource | null) {
  const client = useQueryClient();
  const list = usePhotoList(source ?? { kind: 'feed' }, { enabled: source !== null });
  const listEnabled = source !== null;
  const items = useMemo(() => (listEnabled ? flattenPages(list.data) : []), [listEnabled, list.data]);
  const index = items.findIndex((p) => p.id === id);
  const tile: PhotoList | undefined =
    items[index] ?? findTile(client.getQueriesData<PhotoPages>({ queryKey: photoKeys.lists() }), id);

  const detail = useQuery({
    queryKey: photoKeys.one(id),
    queryFn: ({ signal }) => api.call(endpoints.photos.get, { params: { id }, signal }),
  });

  const { hasNextPage, isFetchingNextPage, fetchNextPage } = list;
  const pagesLoaded = list.data?.pages.length ?? 0;
  useEffect(() => {
    if (!listEnabled || !hasNextPage || isFetchingNextPage) return;
    const nearEnd = index >= 0 && index >= items.length - NEAR_END;
    const stillLooking = index < 0 && pagesLoaded > 0 && pagesLoaded < MAX_SEARCH_PAGES;
    if (nearEnd || stillLooking) void fetchNextPage();
  }, [listEnabled, hasNextPage, isFetchingNextPage, fetchNextPage, index, items.length, pagesLoaded]);

  return {
    /** The full record once loaded; the list's tile (same id) until then. */
    photo: (detail.data ?? tile) as PhotoRead | PhotoList | undefined,
    detail: detail.data,
    detailError: detail.error,
    retry: () => void detail.refetch(),
    prev: index > 0 ? items[index - 1] : undefined,
    next: index >= 0 ? items[index + 1] : undefined,
    index,
    total: items.length,
  };
}

function findTile(lists: [unknown, PhotoPages | undefined][], id: string): PhotoList | undefined {
  for (const [, data] of lists) {
    const found = flattenPages(data).find((p) => p.id === id);
    if (found) return found;
  }
  return undefined;
}

/** Whether the record is the full one (the large image, the facts), not just a tile. */
export const isFull = (photo: PhotoRead | PhotoList | undefined): photo is PhotoRead =>
  !!photo && 'event_title' in photo;
