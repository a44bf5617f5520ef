import { type SQL, sql } from 'drizzle-orm';

/**
 * A set of uuids as a table to join or walk one by one (`from ${uuidRows(ids)} as t(id)`), each
 * a bound parameter. For "each of these events / people, its newest few rows" queries, where a
 * lateral subquery per id lets PostgreSQL use that id's own index.
 */
export const uuidRows = (ids: string[]): SQL =>
  sql`unnest(array[${sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  )}]::uuid[])`;
