import type { AccessLevel, SharePerm } from '@pixeli/contract';
import type { UploadOptions } from '../lib/upload-queue';

/**
 * The upload options in words (server/src/access/photos.ts): who may see a photo in its event, and
 * who may make share links for it. The photographer, the event's organiser and admins always can.
 */
export const READ_CHOICES: { value: AccessLevel; label: string; hint: string }[] = [
  { value: 'PUB', label: 'Public', hint: 'Everyone who can see the event' },
  { value: 'IMG', label: 'Site members', hint: 'Only club members who can see the event' },
  { value: 'PRV', label: 'Private', hint: 'Only you, the organisers and people tagged' },
];

export const SHARE_CHOICES: { value: SharePerm; label: string; hint: string }[] = [
  { value: 'AN', label: 'Anyone who can see it', hint: 'Viewers may make a share link' },
  { value: 'OR', label: 'Only the photographer and organisers', hint: 'Others cannot share it' },
  { value: 'DI', label: 'No sharing', hint: 'No share links at all' },
];

export const DEFAULT_OPTIONS: UploadOptions = {
  read_perm: 'PUB',
  share_perm: 'AN',
  user_tags: [],
  tagged_usernames: [],
  caption: '',
};

/** The contract's limits (PhotoUploadFields). */
export const LIMITS = { tags: 30, tagLength: 50, people: 50, caption: 2000 } as const;

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}
