import type { PhotoList } from '@pixeli/contract';
import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { insertPhoto } from './liveCache';
import { type PhotoPages, photoKeys, updateCachedPhoto } from './queries';

const user = { id: '00000000-0000-4000-8000-000000000001', username: 'ada', name: 'Ada', profile_pic: null };
const photo = (n: number, day: number, change: Partial<PhotoList> = {}): PhotoList => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  event: '00000000-0000-4000-8000-0000000000ee',
  timestamp: `2026-11-${String(day).padStart(2, '0')}T12:00:00Z`,
  photographer: user,
  thumbnail_url: `/t/${n}.webp`,
  thumbhash: null,
  width: 400,
  height: 300,
  status: 'CO',
  likes_count: 0,
  is_liked: false,
  can_edit: false,
  can_delete: false,
  can_share: true,
  ...change,
});
const pages = (...lists: { items: PhotoList[]; next: string | null }[]): PhotoPages => ({
  pages: lists,
  pageParams: lists.map((_, i) => (i === 0 ? null : `page${i}`)),
});
const ids = (data: PhotoPages) => data.pages.map((page) => page.items.map((p) => Number(p.id.slice(-4))));

describe('a live photo put into a cached list', () => {
  const loaded = pages(
    { items: [photo(1, 20), photo(2, 15)], next: 'page1' },
    { items: [photo(3, 10), photo(4, 5)], next: null },
  );

  it('goes first when it is the newest', () => {
    expect(ids(insertPhoto(loaded, photo(9, 25)))).toEqual([
      [9, 1, 2],
      [3, 4],
    ]);
  });

  it('goes where its time puts it, even in a later page', () => {
    expect(ids(insertPhoto(loaded, photo(9, 12)))).toEqual([
      [1, 2],
      [9, 3, 4],
    ]);
  });

  it('is appended when older than everything and nothing is left to load', () => {
    expect(ids(insertPhoto(loaded, photo(9, 1)))).toEqual([
      [1, 2],
      [3, 4, 9],
    ]);
  });

  it('waits for its page when older than everything loaded and more pages remain', () => {
    const first = pages({ items: [photo(1, 20), photo(2, 15)], next: 'page1' });
    expect(insertPhoto(first, photo(9, 1))).toBe(first);
  });

  it('replaces its own copy instead of appearing twice', () => {
    const updated = insertPhoto(loaded, photo(3, 10, { status: 'PR', likes_count: 4 }));
    expect(ids(updated)).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(updated.pages[1]?.items[0]).toMatchObject({ status: 'PR', likes_count: 4 });
    // Pages it does not touch keep their identity (no re-render of their tiles).
    expect(updated.pages[0]).toBe(loaded.pages[0]);
  });

  it('keeps the server order on a tie (newer id first)', () => {
    const tie = pages({ items: [photo(5, 10), photo(3, 10)], next: null });
    expect(ids(insertPhoto(tie, photo(4, 10)))).toEqual([[5, 4, 3]]);
  });

  it('updates a status in every cached list through updateCachedPhoto', () => {
    const client = new QueryClient();
    const event = { kind: 'event', eventId: photo(1, 1).event } as const;
    client.setQueryData(photoKeys.list(event), insertPhoto(loaded, photo(9, 25, { status: 'PR' })));
    client.setQueryData(
      photoKeys.list({ kind: 'feed' }),
      pages({ items: [photo(9, 25, { status: 'PR' })], next: null }),
    );
    updateCachedPhoto(client, photo(9, 1).id, (p) => ({ ...p, status: 'CO' }));
    const inEvent = client.getQueryData<PhotoPages>(photoKeys.list(event));
    const inFeed = client.getQueryData<PhotoPages>(photoKeys.list({ kind: 'feed' }));
    expect(inEvent?.pages[0]?.items[0]?.status).toBe('CO');
    expect(inFeed?.pages[0]?.items[0]?.status).toBe('CO');
  });
});
