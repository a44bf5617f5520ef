import { and, eq, type SQL } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { users } from '../db/schema.js';
import { AppError, forbidden } from '../errors.js';
import { canManageEvent, type EventFacts } from './events.js';
import { canReadPhoto, type PhotoFacts } from './photos.js';
import { requireEvent } from './require.js';
import type { EventWithRole } from './subjects.js';
import type { AccessViewer } from './viewer.js';

/**
 * Faces and people (issue 13). A person is shown to a reader of the event only through photos that
 * reader may see: a person none of whose photos they may read does not exist for them. Face
 * features exist only where the event turned them on, and an account that opted out of face
 * matching is never linked, matched, suggested or named.
 */

/** A person is visible where at least one photo of theirs is: the twin of `visiblePeople`'s join. */
export const canSeePerson = (v: AccessViewer, photosOfPerson: PhotoFacts[]) =>
  photosOfPerson.some((p) => canReadPhoto(v, p));

/**
 * The event's staff link a person to anyone; anyone else may only say "this is me", and only of a
 * person nobody else is linked to.
 */
export const canLinkPerson = (v: AccessViewer, e: EventFacts, userId: string, linkedTo: string | null) =>
  canManageEvent(v, e) || (userId === v.id && (linkedTo === null || linkedTo === v.id));

/**
 * Linking an account to a second person of the event merges that person into the account's first.
 * The staff may merge any two (they link anyone anyway); someone saying "this is me" merges only
 * people whose faces look alike enough (`similarity` of their centroids, computed by the service),
 * so a slip of the finger cannot take a stranger's photos into their own person.
 */
export const canMergePeople = (v: AccessViewer, e: EventFacts, similarity: number, minSimilarity: number) =>
  canManageEvent(v, e) || similarity >= minSimilarity;

/** A link comes off by the event's staff, or by the linked account itself. */
export const canUnlinkPerson = (v: AccessViewer, e: EventFacts, linkedTo: string) =>
  linkedTo === v.id || canManageEvent(v, e);

/** Whether an account may be shown, linked or matched by its face: active and not opted out. */
export const mayBeNamedByFace = (u: { isActive: boolean; faceMatching: boolean }) =>
  u.isActive && u.faceMatching;

/** `mayBeNamedByFace` as SQL over `users`. */
export const nameableByFaceSql = (): SQL => and(eq(users.isActive, true), eq(users.faceMatching, true))!;

export const facesDisabled = () =>
  forbidden('faces_disabled', 'Face features are turned off for this event.');

/** The event if the viewer may read it (404 otherwise) and it has face features on (403 otherwise). */
export async function requireEventFaces(ctx: AppContext, v: AccessViewer, eventId: string) {
  const event = await requireEvent(ctx, v, eventId, 'read');
  if (!event.facesEnabled) throw facesDisabled();
  return event;
}

const notLinker = () =>
  forbidden(
    'not_event_manager',
    'Only the coordinator or an admin can link someone else, or change a link that is not yours.',
  );

/** 403 unless `canLinkPerson`. */
export function requireLinkAllowed(
  v: AccessViewer,
  e: EventWithRole,
  userId: string,
  linkedTo: string | null,
) {
  if (!canLinkPerson(v, e, userId, linkedTo)) throw notLinker();
}

/** 409 unless `canMergePeople`: a conflict the coordinator can resolve, not a missing right. */
export function requireMergeAllowed(
  v: AccessViewer,
  e: EventWithRole,
  similarity: number,
  minSimilarity: number,
) {
  if (!canMergePeople(v, e, similarity, minSimilarity)) {
    throw new AppError(
      409,
      'looks_like_someone_else',
      "You are already linked to another person here, and this one looks like someone else; ask the event's coordinator to join them.",
    );
  }
}

/** 403 unless `canUnlinkPerson`. */
export function requireUnlinkAllowed(v: AccessViewer, e: EventWithRole, linkedTo: string) {
  if (!canUnlinkPerson(v, e, linkedTo)) throw notLinker();
}
