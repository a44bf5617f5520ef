import type { PersonLinkBody, PersonRead } from '@pixeli/contract';
import {
  mayBeNamedByFace,
  requireEventFaces,
  requireLinkAllowed,
  requireUnlinkAllowed,
} from '../../access/people.js';
import type { AccessViewer } from '../../access/viewer.js';
import type { AppContext } from '../../context.js';
import { isUniqueViolation } from '../../db/errors.js';
import { AppError, notFound } from '../../errors.js';
import { toMiniUser } from '../accounts/present.js';
import * as repo from './faces-repo.js';
import { faceCropUrl } from './people-crops.js';

/** An event's people as the viewer may see them; linking a person to an account and undoing it. */

const personNotFound = () => notFound('No such person in this event.');
const alreadyLinked = () =>
  new AppError(409, 'already_linked', 'That account is already linked to another person here.');

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
 * ("this is me"). An account that opted out of face matching cannot be linked; an account is one
 * person per event; a person someone else is linked to is changed only by the staff.
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
  const db = ctx.database.db;
  const account = await repo.linkableUser(db, userId);
  if (!account?.isActive) throw new AppError(400, 'unknown_user', 'No such account.');
  if (!mayBeNamedByFace(account)) {
    throw new AppError(409, 'face_matching_off', 'This person has turned face matching off.');
  }
  const existing = await repo.personLinkedTo(db, eventId, userId);
  if (existing && existing.id !== personId) throw alreadyLinked();
  await repo.setPersonUser(db, personId, userId).catch((error) => {
    // Two links of one account at once: the unique index keeps one.
    throw isUniqueViolation(error) ? alreadyLinked() : error;
  });
  return (await presentPeople(ctx, [{ ...person, userId }]))[0]!;
}

/** Removes a person's link: the event's staff, or the linked account itself. */
export async function unlinkPerson(ctx: AppContext, v: AccessViewer, eventId: string, personId: string) {
  const event = await requireEventFaces(ctx, v, eventId);
  const person = await visiblePerson(ctx, v, eventId, personId);
  if (!person.userId) throw notFound('This person is not linked to anyone.');
  requireUnlinkAllowed(v, event, person.userId);
  await repo.setPersonUser(ctx.database.db, personId, null);
}
