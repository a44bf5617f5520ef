import { type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';

/**
 * A timestamp as text with PostgreSQL's full microsecond precision. Keyset cursors use it because a
 * JavaScript Date keeps only milliseconds: rows created within one millisecond would be skipped.
 */
export const exactTimestamp = (column: PgColumn): SQL<string> =>
  sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** The only shape `exactTimestamp` produces; anything else in a cursor was tampered with. */
export const EXACT_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
