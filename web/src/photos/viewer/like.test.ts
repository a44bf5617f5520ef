import type { PhotoList, PhotoRead } from '@pixeli/contract';
import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../lib/api/errors';
import { type PhotoPages, photoKeys } from '../queries';
import { type LikeApi, setLiked } from './like';

const photo = (id: string, likes = 0, liked = false): PhotoList => ({
  id,
  event: '00000000-0000-4000-8000-00000000000e',
  timestamp: '2026-11-03T14:12:00.000Z',
  photographer: {
    id: '00000000-0000-4000-8000-000000000001',
    username: 'ana',
    name: 'Ana',
    profile_pic: null,
  },
  thumbnail_url: null,
  thumbhash: null,
  width: 1200,
  height: 800,
  status: 'CO',
  likes_count: likes,
  is_liked: liked,
  can_edit: false,
  can_delete: false,
  can_share: false,
});

/** A cache as the app has it: the feed and an event's gallery both hold photo `b`, and its own entry. */
function seededClient() {
  const client = new QueryClient();
  const pages = (items: PhotoList[]): PhotoPages => ({ pages: [{ items, next: null }], pageParams: [null] });
  client.setQueryData(photoKeys.list({ kind: 'feed' }), pages([photo('a'), photo('b', 4)]));
  client.setQueryData(photoKeys.list({ kind: 'event', eventId: 'e' }), pages([photo('b', 4), photo('c')]));
  client.setQueryData(photoKeys.one('b'), { ...photo('b', 4), caption: 'hi' } as unknown as PhotoRead);
  return client;
}

function cachedCopies(client: QueryClient, id: string) {
  const lists = client
    .getQueriesData<PhotoPages>({ queryKey: photoKeys.lists() })
    .flatMap(([, data]) => data?.pages.flatMap((p) => p.items) ?? [])
    .filter((p) => p.id === id);
  const one = client.getQueryData<PhotoList>(photoKeys.one(id));
  return [...lists, ...(one ? [one] : [])].map((p) => [p.is_liked, p.likes_count]);
}

/** An API that answers when told to, so the test can look at the cache in between. */
function controlledApi() {
  let settle: { resolve: (v: { photo: PhotoRead }) => void; reject: (e: Error) => void } | undefined;
  const pending = () =>
    new Promise<{ photo: PhotoRead }>((resolve, reject) => {
      settle = { resolve, reject };
    });
  const api: LikeApi = { like: pending, unlike: pending };
  return { api, settle: () => settle! };
}

describe('the optimistic like', () => {
  it('shows the like everywhere at once, then keeps the count the server gives', async () => {
    const client = seededClient();
    const { api, settle } = controlledApi();
    const done = setLiked(client, api, photo('b', 4), true, () => {});
    expect(cachedCopies(client, 'b')).toEqual([
      [true, 5],
      [true, 5],
      [true, 5],
    ]);
    // Someone else liked it meanwhile: the server's count wins.
    settle().resolve({ photo: { ...photo('b', 6, true) } as PhotoRead });
    await done;
    expect(cachedCopies(client, 'b')).toEqual([
      [true, 6],
      [true, 6],
      [true, 6],
    ]);
    expect(client.getQueryData<PhotoRead>(photoKeys.one('b'))?.caption).toBe('hi');
  });

  it('puts everything back and reports the server’s words when the like is refused', async () => {
    const client = seededClient();
    const failing: LikeApi = {
      like: () => Promise.reject(new ApiError(403, 'You do not have permission.', 'permission_denied')),
      unlike: () => Promise.reject(new Error('not called')),
    };
    const errors: string[] = [];
    await setLiked(client, failing, photo('b', 4), true, (e) => errors.push(e.message));
    expect(cachedCopies(client, 'b')).toEqual([
      [false, 4],
      [false, 4],
      [false, 4],
    ]);
    expect(errors).toEqual(['You do not have permission.']);
    // The other photos were never touched.
    expect(cachedCopies(client, 'a')).toEqual([[false, 0]]);
  });

  it('an unlike takes one away, never below zero', async () => {
    const client = seededClient();
    const { api, settle } = controlledApi();
    const done = setLiked(client, api, photo('b', 0, true), false, () => {});
    expect(cachedCopies(client, 'b')[0]).toEqual([false, 0]);
    settle().resolve({ photo: photo('b', 0, false) as PhotoRead });
    await done;
  });
});
