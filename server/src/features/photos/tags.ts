import { requirePhoto } from '../../access/require.js';
import type { AccessViewer } from '../../access/viewer.js';
import type { AppContext, RecordFact } from '../../context.js';
import type { DbOrTx, Tx } from '../../db/client.js';
import { FieldError, notFound } from '../../errors.js';
import { activeUsersByUsername, requireWriteAllowance } from '../accounts/service.js';
import * as repo from './repo.js';

/**
 * People tags: placed at upload (`tagged_usernames`) or afterwards, removed by the photo's staff or
 * by the tagged person. Both ways go through `taggablePeople` and `tagPeople`.
 */

/** The active accounts behind these usernames (any case); 400 naming the unknown ones. */
export async function taggablePeople(db: DbOrTx, usernames: string[]) {
  const found = await activeUsersByUsername(db, usernames);
  const known = new Set(found.map((u) => u.username.toLowerCase()));
  const unknown = usernames.filter((name) => !known.has(name.toLowerCase()));
  // The original's field name, the one its client reads.
  if (unknown.length > 0)
    throw new FieldError({ tagged_usernames: [`Unknown usernames: ${unknown.join(', ')}`] });
  return found;
}

/** Tags these people in the caller's transaction; the newly tagged hear of it. */
export async function tagPeople(
  tx: Tx,
  record: RecordFact,
  photoId: string,
  people: { id: string }[],
  actorId: string,
) {
  const userIds = await repo.insertTags(
    tx,
    photoId,
    people.map((p) => p.id),
    actorId,
  );
  if (userIds.length > 0) await record({ type: 'people_tagged', photoId, userIds, actorId });
}

export async function tagPeopleInPhoto(
  ctx: AppContext,
  v: AccessViewer,
  photoId: string,
  usernames: string[],
) {
  await requireWriteAllowance(ctx, v, 'tag', Math.max(1, usernames.length));
  await requirePhoto(ctx, v, photoId, 'tag');
  const people = await taggablePeople(ctx.database.db, usernames);
  await ctx.transaction((tx, record) => tagPeople(tx, record, photoId, people, v.id));
}

export async function untag(ctx: AppContext, v: AccessViewer, photoId: string, userId: string) {
  await requireWriteAllowance(ctx, v, 'tag');
  await requirePhoto(ctx, v, photoId, 'untag', { personId: userId });
  await ctx.transaction(async (tx, record) => {
    if (!(await repo.deleteTag(tx, photoId, userId))) throw notFound('That person is not tagged here.');
    await record({ type: 'tag_removed', photoId, userId, actorId: v.id });
  });
}
