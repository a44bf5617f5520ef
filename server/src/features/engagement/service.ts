import type { AppContext } from '../../context.js';
import * as repo from './repo.js';

/** Likes and comment threads: the use cases its routes call, and what other features read of them. */

export * as comments from './comments.js';
export { like, likers, unlike } from './likes.js';

/** Per photo: how many liked it and whether the viewer did, for a whole page in one query. */
export const likeSummaries = (ctx: AppContext, photoIds: string[], viewerId: string) =>
  repo.likeSummaries(ctx.database.db, photoIds, viewerId);
