import type { PhotoRead } from '@pixeli/contract';
import type { QueryClient } from '@tanstack/react-query';
import { updateCachedPhoto } from '../queries';

/**
 * The optimistic like: the heart and the count change everywhere the photo is cached (every
 * list and its own entry) at once; the server's answer then sets the true count, and a refusal
 * puts back what was there and is reported. When taps race (like, unlike, like), only the last
 * answer is applied, so the screen ends as the last tap asked.
 */
export interface LikeApi {
  like(id: string): Promise<{ photo: PhotoRead }>;
  unlike(id: string): Promise<{ photo: PhotoRead }>;
}

const latest = new Map<string, number>();
let sequence = 0;

export async function setLiked(
  client: QueryClient,
  api: LikeApi,
  photo: { id: string; is_liked: boolean; likes_count: number },
  liked: boolean,
  onError: (error: Error) => void,
): Promise<void> {
  if (photo.is_liked === liked) return;
  const mine = ++sequence;
  latest.set(photo.id, mine);
  const before = { is_liked: photo.is_liked, likes_count: photo.likes_count };
  const delta = liked ? 1 : -1;
  updateCachedPhoto(client, photo.id, (p) => ({
    ...p,
    is_liked: liked,
    likes_count: Math.max(0, before.likes_count + delta),
  }));
  try {
    const reply = await (liked ? api.like(photo.id) : api.unlike(photo.id));
    if (latest.get(photo.id) !== mine) return;
    const { is_liked, likes_count } = reply.photo;
    updateCachedPhoto(client, photo.id, (p) => ({ ...p, is_liked, likes_count }));
  } catch (error) {
    if (latest.get(photo.id) !== mine) return;
    updateCachedPhoto(client, photo.id, (p) => ({ ...p, ...before }));
    onError(error instanceof Error ? error : new Error(String(error)));
  } finally {
    if (latest.get(photo.id) === mine) latest.delete(photo.id);
  }
}
