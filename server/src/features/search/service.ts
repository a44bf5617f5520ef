import type { UnifiedSearchQuery, UnifiedSearchReply } from '@pixeli/contract';
import { canReadPhoto } from '../../access/photos.js';
import type { AccessViewer } from '../../access/viewer.js';
import type { AppContext } from '../../context.js';
import { toMiniUser } from '../accounts/present.js';
import { likeSummaries } from '../engagement/repo.js';
import { presentEvents } from '../events/present.js';
import { photoFacts, presentPhotoList } from '../photos/present.js';
import { findPhotoContexts } from '../photos/repo.js';
import * as repo from './repo.js';
import { searchTerms } from './terms.js';

/**
 * The one search box: people, events and photos at once, each ranked and cut to `limit`. The
 * three searches run side by side (on PostgreSQL they take three pool connections).
 */
export async function unifiedSearch(
  ctx: AppContext,
  v: AccessViewer,
  query: UnifiedSearchQuery,
): Promise<UnifiedSearchReply> {
  const db = ctx.database.db;
  const terms = searchTerms(query.q);
  const [people, eventRows, photoIds] = await Promise.all([
    repo.searchPeople(db, terms, query.limit),
    repo.searchEvents(db, v, terms, query.limit),
    repo.rankedPhotoIds(db, v, terms, query.limit),
  ]);

  const byId = new Map((await findPhotoContexts(db, v, photoIds)).map((c) => [c.photo.id, c]));
  // The SQL already kept only visible photos; the predicate checks again, as every read does.
  const found = photoIds
    .map((id) => byId.get(id))
    .filter((c) => c !== undefined && canReadPhoto(v, photoFacts(c)))
    .map((c) => c!);
  const [events, likes] = await Promise.all([
    presentEvents(ctx, v, eventRows),
    likeSummaries(db, photoIds, v.id),
  ]);
  return {
    users: people.map(toMiniUser),
    events,
    photos: await Promise.all(found.map((c) => presentPhotoList(ctx, v, c, likes.get(c.photo.id)))),
  };
}
