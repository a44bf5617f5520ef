import { type AnyColumn, type SQL, sql } from 'drizzle-orm';

/**
 * Sets of uuids as ONE bound parameter (a PostgreSQL `uuid[]`), whatever their size. Spelled out
 * as one parameter per id, a page of 400 events made statements of 400 parameters that drizzle
 * rebuilt on every request (its per-chunk checks were the largest part of the events list's
 * server CPU), and a statement text per list length, so a prepared statement was rarely reused.
 */
const uuidArray = (ids: string[]): SQL => sql`${sql.param(ids)}::uuid[]`;

/**
 * A set of uuids as a table to join or walk one by one (`from ${uuidRows(ids)} as t(id)`). For
 * "each of these events / people, its newest few rows" queries, where a lateral subquery per id
 * lets PostgreSQL use that id's own index.
 */
export const uuidRows = (ids: string[]): SQL => sql`unnest(${uuidArray(ids)})`;

/** `column` is one of `ids`: `inArray` with one parameter instead of one per id. */
export const isAnyOf = (column: AnyColumn, ids: string[]): SQL => sql`${column} = any(${uuidArray(ids)})`;
