import type { PersonLinkBody, PersonRead } from '@pixeli/contract';
import {
  mayBeNamedByFace,
  requireEventFaces,
  requireLinkAllowed,
  requireMergeAllowed,
  requireUnlinkAllowed,
} from '../../access/people.js';
import type { AccessViewer } from '../../access/viewer.js';
import type { AppContext } from '../../context.js';
import { AppError, notFound } from '../../errors.js';
import { toMiniUser } from '../accounts/present.js';
import { similarity, vectorFromBytes } from './face-vectors.js';
import * as repo from './faces-repo.js';
import { faceCropUrl } from './people-crops.js';
import { mergePeople } from './people-merge.js';

/** An event's people as the viewer may see them; linking a person to an account and undoing it. */

const personNotFound = () => notFound('No such person in this event.');

/** The event's people who appear in a photo the viewer may read, most photographed first. */
export async function listPeople(ctx: AppContext, v: AccessViewer, eventId: string): Promise<PersonRead[]> {
  await requireEventFaces(ctx, v, eventId);
  return presentPeople(ctx, await repo.visiblePeople(ctx.database.db, v, eventId));
}

async function presentPeople(
  ctx: AppContext,
  rows: Awaited<ReturnType<typeof repo.visiblePeople>>,
): Promise<PersonRead[]> {
  const db = ctx.database.db;
  const userIds = rows.flatMap((r) => (r.userId ? [r.userId] : []));
  const [users, covers] = await Promise.all([
    repo.namedUsers(db, userIds),
    repo.faceBoxes(
      db,
      rows.map((r) => r.bestFace),
    ),
  ]);
  const userById = new Map(users.map((u) => [u.id, u]));
  const coverById = new Map(covers.map((c) => [c.id, c]));
  return Promise.all(
    rows.map(async (r) => {
      const user = r.userId ? userById.get(r.userId) : undefined;
      const cover = coverById.get(r.bestFace);
      return {
        id: r.id,
        name: user?.name ?? null,
        user: user ? await toMiniUser(ctx, user) : null,
        photos_count: r.photoCount,
        face_url: cover ? await faceCropUrl(ctx, cover) : null,
      };
    }),
  );
}

/** The person if the viewer may see them (a photo of theirs is readable to the viewer), else 404. */
async function visiblePerson(ctx: AppContext, v: AccessViewer, eventId: string, personId: string) {
  const [row] = await repo.visiblePeople(ctx.database.db, v, eventId, personId);
  if (!row) throw personNotFound();
  return row;
}

/**
 * Links a person to an account: the event's staff link anyone, a person links only themselves
 * ("this is me"). An account that opted out of face matching cannot be linked; a person someone
 * else is linked to is changed only by the staff. An account is one person per event: linking it
 * to a second person merges that person into its first (`requireMergeAllowed` says who may), and
 * the answer is then the person kept, whose `id` differs from the `personId` asked about.
 */
export async function linkPerson(
  ctx: AppContext,
  v: AccessViewer,
  eventId: string,
  personId: string,
  body: PersonLinkBody,
): Promise<PersonRead> {
  const userId = 'me' in body ? v.id : body.user_id;
  const event = await requireEventFaces(ctx, v, eventId);
  const person = await visiblePerson(ctx, v, eventId, personId);
  requireLinkAllowed(v, event, userId, person.userId);
  const account = await repo.linkableUser(ctx.database.db, userId);
  if (!account?.isActive) throw new AppError(400, 'unknown_user', 'No such account.');
  if (!mayBeNamedByFace(account)) {
    throw new AppError(409, 'face_matching_off', 'This person has turned face matching off.');
  }
  const linkedId = await ctx.transaction(async (tx) => {
    // The clustering's lock: links and merges of one event take turns with its photos' faces, so
    // no face is attached to a person being merged away, and two links of one account cannot race.
    await repo.lockEventFaces(tx, eventId);
    const existing = await repo.personLinkedTo(tx, eventId, userId);
    if (!existing || existing.id === personId) {
      await repo.setPersonUser(tx, personId, userId);
      return personId;
    }
    // Read again under the lock: another merge may have taken this person meanwhile.
    const merged = await repo.personOfEvent(tx, eventId, personId);
    if (!merged) throw personNotFound();
    const alike = similarity(vectorFromBytes(existing.centroid), vectorFromBytes(merged.centroid));
    requireMergeAllowed(v, event, alike, ctx.config.FACE_MERGE_MIN_SIMILARITY);
    await mergePeople(tx, existing.id, personId);
    return existing.id;
  });
  return (await presentPeople(ctx, [await visiblePerson(ctx, v, eventId, linkedId)]))[0]!;
}

/** Removes a person's link: the event's staff, or the linked account itself. */
export async function unlinkPerson(ctx: AppContext, v: AccessViewer, eventId: string, personId: string) {
  const event = await requireEventFaces(ctx, v, eventId);
  const person = await visiblePerson(ctx, v, eventId, personId);
  if (!person.userId) throw notFound('This person is not linked to anyone.');
  requireUnlinkAllowed(v, event, person.userId);
  await repo.setPersonUser(ctx.database.db, personId, null);
}
