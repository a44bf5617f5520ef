import type { AccessLevel, MemberRole, OriginalAccess } from '@pixeli/contract';

/**
 * The words people read for the API's codes (PUB / IMG / PRV, staff / members / readers, roles).
 * The codes never reach the screen. The explanations follow `server/src/access/events.ts` and
 * `access/photos.ts`: an event's coordinator, its members and the site's admins always see it;
 * `IMG` admits accounts an admin gave the site-member role.
 */
export interface Choice<T extends string> {
  value: T;
  label: string;
  explanation: string;
}

export const READ_CHOICES: readonly Choice<AccessLevel>[] = [
  { value: 'PUB', label: 'Public', explanation: 'Anyone with an account on this Pixel-i.' },
  {
    value: 'IMG',
    label: 'Members of the site',
    explanation: 'People an admin has made site members, plus everyone you add to the event.',
  },
  {
    value: 'PRV',
    label: 'Private',
    explanation: 'Only the people you add or invite (and the site’s admins).',
  },
];

export const WRITE_CHOICES: readonly Choice<AccessLevel>[] = [
  {
    value: 'PUB',
    label: 'Everyone who can see it',
    explanation: 'Anyone who can see the event may add photos.',
  },
  {
    value: 'IMG',
    label: 'Site members who can see it',
    explanation: 'Site members may add photos; other viewers only look.',
  },
  {
    value: 'PRV',
    label: 'Only contributors',
    explanation: 'Only you and the members you make contributors may add photos.',
  },
];

export const ORIGINAL_CHOICES: readonly Choice<OriginalAccess>[] = [
  {
    value: 'staff',
    label: 'Organisers only',
    explanation: 'You, the site’s admins and each photo’s photographer.',
  },
  { value: 'members', label: 'Members', explanation: 'Also everyone you have added to the event.' },
  { value: 'readers', label: 'Everyone who can see it', explanation: 'Anyone who can see the event.' },
];

export const ROLE_CHOICES: readonly Choice<MemberRole>[] = [
  { value: 'viewer', label: 'Viewer', explanation: 'Sees the event’s photos.' },
  { value: 'contributor', label: 'Contributor', explanation: 'Sees them and adds photos too.' },
];

const labelOf = <T extends string>(choices: readonly Choice<T>[], value: T) =>
  choices.find((c) => c.value === value)?.label ?? value;

/** "Public", "Members of the site" or "Private": who may see an event, in words. */
export const readPermLabel = (perm: AccessLevel) => labelOf(READ_CHOICES, perm);
export const writePermLabel = (perm: AccessLevel) => labelOf(WRITE_CHOICES, perm);
export const originalAccessLabel = (access: OriginalAccess) => labelOf(ORIGINAL_CHOICES, access);
export const memberRoleLabel = (role: MemberRole) => labelOf(ROLE_CHOICES, role);

/** The caller's relation to an event (`my_role`), as a short label; null when they have none. */
export function myRoleLabel(role: 'admin' | 'coordinator' | 'contributor' | 'viewer' | null): string | null {
  switch (role) {
    case 'admin':
      return 'Admin';
    case 'coordinator':
      return 'Organiser';
    case 'contributor':
      return 'Contributor';
    case 'viewer':
      return 'Viewer';
    default:
      return null;
  }
}
