import { z } from 'zod';
import { MiniUser } from './accounts.js';
import { EventRead } from './events.js';
import { PhotoList } from './photos.js';

/**
 * The one search box: people, events and photos for a few typed characters. Each word of `q`
 * matches by its beginning ("spr gal" finds "Spring Gala"), so it can be called on every keystroke.
 */
export const UnifiedSearchQuery = z.object({
  q: z.string().trim().min(1, 'Type something to search for.').max(100),
  /** Results of each kind (people, events, photos). */
  limit: z.coerce.number().int().min(1).max(20).default(6),
});
export type UnifiedSearchQuery = z.infer<typeof UnifiedSearchQuery>;

/** Each list is ranked best first and holds only what the caller may see. */
export const UnifiedSearchReply = z
  .object({
    users: z.array(MiniUser),
    events: z.array(EventRead),
    photos: z.array(PhotoList),
  })
  .meta({ id: 'UnifiedSearchReply' });
export type UnifiedSearchReply = z.infer<typeof UnifiedSearchReply>;
