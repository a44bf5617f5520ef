/**
 * A downloaded photo's file name people can read and sort: the event's title, then when it was
 * taken, e.g. `Spring-Gala-2026-11-03-1412.jpg`. The time is written as the photo's clock
 * showed it (the API gives EXIF wall-clock times labelled UTC), so it is formatted in UTC.
 */
const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'image/avif': 'avif',
  'image/heic': 'heic',
  'image/heif': 'heif',
  'image/tiff': 'tiff',
};

const pad = (n: number) => String(n).padStart(2, '0');

/** Letters and digits of any script kept, everything else one dash, at most 60 characters. */
export function slugTitle(title: string): string {
  const slug = title
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug || 'Photo';
}

export function extensionFor(contentType: string | null | undefined): string {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return EXTENSIONS[type] ?? 'jpg';
}

export function downloadFileName(eventTitle: string, takenAt: string, contentType?: string | null): string {
  const when = new Date(takenAt);
  const stamp = Number.isNaN(when.getTime())
    ? ''
    : `-${when.getUTCFullYear()}-${pad(when.getUTCMonth() + 1)}-${pad(when.getUTCDate())}-${pad(when.getUTCHours())}${pad(when.getUTCMinutes())}`;
  return `${slugTitle(eventTitle)}${stamp}.${extensionFor(contentType)}`;
}
