/**
 * Grouping a photo list under month headers ("November 2026"), by the month the photo was taken
 * in the viewer's own time zone: a photo taken at 23:30 on 31 October in Lisbon is an October
 * photo there even though it is already November in UTC+2. Pure (the time zone is an argument),
 * so it is tested across offsets.
 */

export interface MonthGroup<T> {
  /** `YYYY-MM` in the given time zone; stable across renders, used as a React key. */
  key: string;
  /** The header text, e.g. "November 2026". */
  label: string;
  items: T[];
}

const partsFormats = new Map<string, Intl.DateTimeFormat>();
const labelFormats = new Map<string, Intl.DateTimeFormat>();

function formatIn(
  cache: Map<string, Intl.DateTimeFormat>,
  timeZone: string,
  options: Intl.DateTimeFormatOptions,
) {
  let format = cache.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { ...options, timeZone });
    cache.set(timeZone, format);
  }
  return format;
}

/** `YYYY-MM` of an instant as a wall clock in `timeZone` shows it. */
export function monthKey(timestamp: string, timeZone: string): string {
  const parts = formatIn(partsFormats, timeZone, { year: 'numeric', month: '2-digit' }).formatToParts(
    new Date(timestamp),
  );
  const year = parts.find((p) => p.type === 'year')?.value ?? '0000';
  const month = parts.find((p) => p.type === 'month')?.value ?? '01';
  return `${year}-${month}`;
}

/** "November 2026" for a `YYYY-MM` key (mid-month at noon UTC: the same month in every zone). */
export function monthLabel(key: string): string {
  const [year, month] = key.split('-').map(Number);
  const middle = new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, 15, 12));
  return formatIn(labelFormats, 'UTC', { month: 'long', year: 'numeric' }).format(middle);
}

/**
 * Consecutive photos of the same local month, in list order (the server sorts by when each was
 * taken, newest first). A month met again later in the list starts a new group rather than
 * pulling photos out of order.
 */
export function groupByMonth<T extends { timestamp: string }>(
  items: readonly T[],
  timeZone: string,
): MonthGroup<T>[] {
  const groups: MonthGroup<T>[] = [];
  let current: MonthGroup<T> | undefined;
  for (const item of items) {
    const key = monthKey(item.timestamp, timeZone);
    if (!current || current.key !== key) {
      current = {
        key: groups.some((g) => g.key === key) ? `${key}#${groups.length}` : key,
        label: monthLabel(key),
        items: [],
      };
      groups.push(current);
    }
    current.items.push(item);
  }
  return groups;
}

/** The viewer's time zone as the browser knows it. */
export const localTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
