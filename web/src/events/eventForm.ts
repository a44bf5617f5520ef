import type { AccessLevel, EventCreateBody, EventRead, OriginalAccess } from '@pixeli/contract';
import { isoToLocalInput, localInputToIso } from './dates';

/** What the event form edits, as its inputs hold it (dates as `datetime-local` text). */
export interface EventFormValues {
  title: string;
  description: string;
  startsAt: string;
  endsAt: string;
  location: string;
  readPerm: AccessLevel;
  writePerm: AccessLevel;
  originalAccess: OriginalAccess;
  allowDownload: boolean;
  watermarkText: string;
  membersCanTag: boolean;
  facesEnabled: boolean;
}

/** A new event starts as the server's own defaults would make it. */
export const NEW_EVENT: EventFormValues = {
  title: '',
  description: '',
  startsAt: '',
  endsAt: '',
  location: '',
  readPerm: 'PUB',
  writePerm: 'PUB',
  originalAccess: 'staff',
  allowDownload: true,
  watermarkText: '',
  membersCanTag: false,
  facesEnabled: true,
};

export function valuesOf(event: EventRead): EventFormValues {
  return {
    title: event.title,
    description: event.description,
    startsAt: isoToLocalInput(event.starts_at),
    endsAt: isoToLocalInput(event.ends_at),
    location: event.location,
    readPerm: event.read_perm,
    writePerm: event.write_perm,
    originalAccess: event.original_access,
    allowDownload: event.allow_download,
    watermarkText: event.watermark_text ?? '',
    membersCanTag: event.members_can_tag,
    facesEnabled: event.faces_enabled,
  };
}

export type FieldErrors = Partial<Record<string, string>>;

/**
 * The request body for the values, or the field errors the browser can already see (a date it
 * cannot read). Everything else the contract checks when the client sends it.
 */
export function bodyOf(values: EventFormValues): { body: EventCreateBody } | { errors: FieldErrors } {
  const startsAt = localInputToIso(values.startsAt);
  const endsAt = localInputToIso(values.endsAt);
  const errors: FieldErrors = {};
  if (startsAt === undefined) errors.starts_at = 'Enter a date and time.';
  if (endsAt === undefined) errors.ends_at = 'Enter a date and time.';
  if (Object.keys(errors).length > 0) return { errors };
  return {
    body: {
      title: values.title,
      description: values.description,
      starts_at: startsAt ?? null,
      ends_at: endsAt ?? null,
      location: values.location,
      read_perm: values.readPerm,
      write_perm: values.writePerm,
      original_access: values.originalAccess,
      allow_download: values.allowDownload,
      watermark_text: values.watermarkText.trim() || null,
      members_can_tag: values.membersCanTag,
      faces_enabled: values.facesEnabled,
    },
  };
}

/**
 * Turning faces off deletes an event's face data when saved, so it is asked first; but only for
 * an event that exists and had them on (a new event has nothing to lose).
 */
export function facesOffNeedsConfirm(saved: EventFormValues | null, next: boolean): boolean {
  return !!saved?.facesEnabled && !next;
}
