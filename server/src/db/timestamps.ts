import { and, eq, gt, lt, or, type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';

/**
 * A timestamp as text with PostgreSQL's full microsecond precision. Keyset cursors use it because a
 * JavaScript Date keeps only milliseconds: rows created within one millisecond would be skipped.
 */
export const exactTimestamp = (column: PgColumn): SQL<string> =>
  sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** The only shape `exactTimestamp` produces; anything else in a cursor was tampered with. */
export const EXACT_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/**
 * Whether `text` has the shape `exactTimestamp` produces AND names a real moment PostgreSQL accepts:
 * the shape alone lets through `2024-02-30T...`, `...T99:99:99...` and year 0000, which the
 * `::timestamptz` cast would refuse with an error (a 500 instead of a 400).
 */
export function isExactTimestamp(text: string): boolean {
  if (!EXACT_TIMESTAMP.test(text)) return false;
  const [year, month, day, hour, minute, second] = text.match(/\d+/g)!.map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (year < 1 || hour > 23 || minute > 59 || second > 59) return false;
  // setUTCFullYear, unlike Date.UTC, takes years below 100 literally.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** A keyset position: the exact time text and id of the last row already served. */
export interface TimeCursor {
  at: string;
  id: string;
}

/**
 * The rows strictly past `after` in a list ordered by (time, id): older first when `desc`, newer
 * when `asc`. Undefined (no condition) on the first page.
 */
export function pastCursor(
  time: PgColumn,
  id: PgColumn,
  after: TimeCursor | undefined,
  direction: 'desc' | 'asc' = 'desc',
): SQL | undefined {
  if (!after) return undefined;
  const at = sql`${after.at}::timestamptz`;
  const beyond = direction === 'desc' ? lt : gt;
  return or(beyond(time, at), and(eq(time, at), beyond(id, after.id)));
}
