import type { AppContext } from '../context.js';
import { type AppError, forbidden, notFound } from '../errors.js';
import { canManageEvent, canReadEvent, canRemoveMember, canWriteEvent, type EventFacts } from './events.js';
import {
  canDeletePhoto,
  canDownloadPhoto,
  canEditPhoto,
  canReadPhoto,
  canRemoveTag,
  canSeeOriginal,
  canSharePhoto,
  canTagPeople,
  type PhotoFacts,
} from './photos.js';
import { canManageShares } from './shares.js';
import {
  type EventWithRole,
  eventFacts,
  loadEvent,
  loadPhotoContexts,
  type PhotoContext,
  photoFacts,
} from './subjects.js';
import { type AccessViewer, isAdmin } from './viewer.js';

/**
 * One call per use case, as Immich's `requireAccess`: load the subject, check the rule, return the
 * row or throw the coded refusal. Whoever may not even read a photo or an event gets 404, so a
 * private one's existence stays private; whoever may read it but not do this gets 403.
 */

/** Another person a rule is about: the one to untag, the member to remove. */
export interface About {
  personId?: string;
}

interface Rule<F> {
  allows(v: AccessViewer, facts: F, about: About): boolean;
  refusal(): AppError;
}

const PHOTO_RULES = {
  read: { allows: () => true, refusal: () => photoNotFound() },
  edit: {
    allows: canEditPhoto,
    refusal: () => forbidden('not_photo_editor', 'Only the photographer or an admin can change this photo.'),
  },
  delete: {
    allows: canDeletePhoto,
    refusal: () =>
      forbidden(
        'not_photo_owner',
        'Only the photographer, the coordinator or an admin can delete this photo.',
      ),
  },
  tag: {
    allows: canTagPeople,
    refusal: () =>
      forbidden(
        'not_allowed_to_tag',
        'Only the photographer, the coordinator or an admin (or, where the event allows it, its members) can tag people.',
      ),
  },
  untag: {
    allows: (v, p, about) => canRemoveTag(v, p, about.personId ?? ''),
    refusal: () =>
      forbidden(
        'not_photo_staff',
        'Only the tagged person, the photographer, the coordinator or an admin can remove a tag.',
      ),
  },
  share: {
    allows: canSharePhoto,
    refusal: () => forbidden('share_not_allowed', 'Sharing this photo is not allowed for you.'),
  },
  share_original: {
    allows: (v, p) => canSharePhoto(v, p) && canSeeOriginal(v, p),
    refusal: () => forbidden('original_not_allowed', 'Only people allowed the original may share it.'),
  },
  manage_shares: {
    allows: canManageShares,
    refusal: () =>
      forbidden(
        'not_photo_staff',
        'Only the photographer, the coordinator or an admin can see the links to this photo.',
      ),
  },
  download: {
    allows: canDownloadPhoto,
    refusal: () => forbidden('download_disabled', 'Downloads are turned off for this event.'),
  },
  download_original: {
    allows: canSeeOriginal,
    refusal: () => forbidden('original_not_allowed', 'This event shares originals only with its staff.'),
  },
} satisfies Record<string, Rule<PhotoFacts>>;

export type PhotoAction = keyof typeof PHOTO_RULES;

export const photoNotFound = () => notFound('No such photo.');
export const eventNotFound = () => notFound('No such event.');

/**
 * The photo if the viewer may do `action` to it. Several actions are checked in order (sharing
 * the original needs `share` first, so its refusal names the first rule that fails).
 */
export async function requirePhoto(
  ctx: AppContext,
  v: AccessViewer,
  id: string,
  action: PhotoAction | PhotoAction[],
  about: About = {},
): Promise<PhotoContext> {
  const [found] = await loadPhotoContexts(ctx.database.db, v, [id]);
  enforce(v, found && photoFacts(found), canReadPhoto, PHOTO_RULES, action, about, photoNotFound);
  return found!;
}

const EVENT_RULES = {
  read: { allows: () => true, refusal: () => eventNotFound() },
  write: {
    allows: canWriteEvent,
    refusal: () => forbidden('event_not_writable', 'You may not add photos to this event.'),
  },
  manage: {
    allows: canManageEvent,
    refusal: () => forbidden('not_event_manager', 'Only the coordinator or an admin can change this event.'),
  },
  remove_member: {
    allows: (v, e, about) => canRemoveMember(v, e, about.personId ?? ''),
    refusal: () => forbidden('not_event_manager', 'Only the coordinator or an admin can change this event.'),
  },
} satisfies Record<string, Rule<EventFacts>>;

export type EventAction = keyof typeof EVENT_RULES;

/** The event if the viewer may do `action` to it: 404 when they cannot even read it, 403 otherwise. */
export async function requireEvent(
  ctx: AppContext,
  v: AccessViewer,
  id: string,
  action: EventAction,
  about: About = {},
): Promise<EventWithRole> {
  const event = await loadEvent(ctx.database.db, v, id);
  enforce(v, event && eventFacts(event), canReadEvent, EVENT_RULES, action, about, eventNotFound);
  return event!;
}

/**
 * 404 unless the subject exists and the viewer may read it; then each action's rule in turn, its
 * own refusal for the first that fails.
 */
function enforce<F, A extends string>(
  v: AccessViewer,
  facts: F | undefined,
  canRead: (v: AccessViewer, facts: F) => boolean,
  rules: Record<A, Rule<F>>,
  action: A | A[],
  about: About,
  missing: () => AppError,
): asserts facts is F {
  if (facts === undefined || !canRead(v, facts)) throw missing();
  for (const a of Array.isArray(action) ? action : [action]) {
    if (!rules[a].allows(v, facts, about)) throw rules[a].refusal();
  }
}

/** 403 unless the viewer is a site administrator. */
export function requireSiteAdmin(v: Pick<AccessViewer, 'role'>): void {
  if (!isAdmin(v)) throw forbidden('admin_only', 'Only site administrators may do this.');
}
