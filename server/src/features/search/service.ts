import type { UnifiedSearchQuery, UnifiedSearchReply } from '@pixeli/contract';
import { canReadPhoto } from '../../access/photos.js';
import { photoFacts } from '../../access/subjects.js';
import type { AccessViewer } from '../../access/viewer.js';
import type { AppContext } from '../../context.js';
import { toMiniUsers } from '../accounts/present.js';
import { presentEvents } from '../events/present.js';
import { clipMatches } from '../ml/service.js';
import { presentListedPhoto } from '../photos/present.js';
import { loadListedPhotos } from '../photos/service.js';
import * as repo from './repo.js';
import { searchTerms } from './terms.js';

/**
 * The one search box: people, events and photos at once, each ranked and cut to `limit`. People
 * and events are searched side by side (two pool connections on PostgreSQL), then photos.
 *
 * With CLIP configured, photos are also found by what they show: after the photos that match by
 * words (their own, their people's, their event's), which say exactly what was typed, come those
 * whose picture is closest to the text, best first, in the places left. The reply keeps its shape.
 */
export async function unifiedSearch(
  ctx: AppContext,
  v: AccessViewer,
  query: UnifiedSearchQuery,
): Promise<UnifiedSearchReply> {
  const db = ctx.database.db;
  const terms = searchTerms(query.q);
  // People and events first: the photos are also found through the best of them.
  const wanted = Math.max(query.limit, repo.VIA_LIMIT);
  const [people, eventRows] = await Promise.all([
    repo.searchPeople(db, terms, wanted),
    repo.searchEvents(db, v, terms, wanted),
  ]);
  const [wordMatches, pictureMatches] = await Promise.all([
    repo.rankedPhotoIds(
      db,
      v,
      terms,
      { peopleIds: people.map((p) => p.id), eventIds: eventRows.map((e) => e.id) },
      query.limit,
    ),
    // Free text only: a letter or two describes no picture, and the box asks on every keystroke.
    terms.fuzzy && terms.prefixQuery ? clipMatches(ctx, v, terms.text, query.limit) : [],
  ]);
  const photoIds = [...new Set([...wordMatches, ...pictureMatches.map((m) => m.photoId)])].slice(
    0,
    query.limit,
  );

  const byId = new Map((await loadListedPhotos(ctx, v, photoIds)).map((c) => [c.photo.id, c]));
  // The SQL already kept only visible photos; the predicate checks again, as every read does.
  const found = photoIds
    .map((id) => byId.get(id))
    .filter((c) => c !== undefined && canReadPhoto(v, photoFacts(c)))
    .map((c) => c!);
  return {
    users: await toMiniUsers(ctx, people.slice(0, query.limit)),
    events: await presentEvents(ctx, v, eventRows.slice(0, query.limit)),
    photos: await Promise.all(found.map((c) => presentListedPhoto(ctx, v, c))),
  };
}
