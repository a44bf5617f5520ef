/**
 * Dates as an event shows them ("3–5 Nov 2026") and as a `datetime-local` input edits them.
 * The input speaks the viewer's wall-clock time without an offset; the API wants an instant, so
 * the conversion adds the viewer's own offset for that day (summer time included).
 */

const pad = (n: number) => String(n).padStart(2, '0');

/** An ISO instant as `YYYY-MM-DDTHH:mm` in the viewer's time zone, for a `datetime-local` value. */
export function isoToLocalInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return '';
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

/**
 * A `datetime-local` value as ISO 8601 with the viewer's offset (`2026-11-03T18:30:00+05:30`),
 * which the contract's `DateTimeInput` accepts; empty → null; something unreadable → undefined.
 */
export function localInputToIso(value: string): string | null | undefined {
  if (!value.trim()) return null;
  const match = value.match(/^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/);
  if (!match) return undefined;
  const [y, mo, d, h, mi] = match.slice(1, 6).map(Number) as [number, number, number, number, number];
  const s = match[6] ? Number(match[6]) : 0;
  const at = new Date(y, mo - 1, d, h, mi, s);
  if (Number.isNaN(at.getTime()) || at.getMonth() !== mo - 1 || at.getDate() !== d) return undefined;
  const offset = -at.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return `${value.slice(0, 16)}:${pad(s)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/**
 * An event's dates in words: "3–5 Nov 2026", "30 Nov – 2 Dec 2026", "3 Nov 2026", or null when it
 * has none. The locale's own range format decides the punctuation (Intl `formatRange`).
 */
export function formatEventDates(
  startsAt: string | null,
  endsAt: string | null,
  locale?: string,
  timeZone?: string,
): string | null {
  const format = new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone,
  });
  const start = startsAt ? new Date(startsAt) : null;
  const end = endsAt ? new Date(endsAt) : null;
  // ICU puts thin spaces around the dash; between two day numbers ("3 – 5 Nov") it reads better tight.
  if (start && end && end >= start) return format.formatRange(start, end).replace(/(\d)\s–\s(\d)/u, '$1–$2');
  if (start) return format.format(start);
  if (end) return `Until ${format.format(end)}`;
  return null;
}

/** "in 6 days", "tomorrow", "in 3 hours" for an invite's expiry. */
export function formatExpiry(iso: string, now = Date.now(), locale?: string): string {
  const seconds = (new Date(iso).getTime() - now) / 1000;
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  if (Math.abs(seconds) < 3600) return relative.format(Math.round(seconds / 60), 'minute');
  if (Math.abs(seconds) < 86_400) return relative.format(Math.round(seconds / 3600), 'hour');
  return relative.format(Math.round(seconds / 86_400), 'day');
}
