import { type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';

/**
 * Thousands of rows in one statement, on PGlite and PostgreSQL alike: one array parameter per
 * column, `INSERT ... SELECT FROM unnest(...)`. A statement takes as many parameters as the table
 * has columns, whatever the row count, so no parameter limit is ever near.
 */

/** An element type PostgreSQL can cast an array parameter to; `text[]` columns travel joined. */
export type ColumnType =
  | 'uuid'
  | 'text'
  | 'int'
  | 'bigint'
  | 'boolean'
  | 'timestamptz'
  | 'jsonb'
  | 'text[]'
  | 'access_level'
  | 'share_perm'
  | 'photo_status'
  | 'site_role'
  | 'member_role'
  | 'original_access'
  | 'analysis_state';

export type Columns<Row> = Record<string, [ColumnType, (row: Row) => unknown]>;

/**
 * Types both drivers send as arrays. Enum values travel as text and are cast row by row: PGlite
 * learns the array types of enums only when it opens, so it cannot send an enum array made by the
 * migrations it has just run.
 */
const BUILT_IN = new Set<ColumnType>(['uuid', 'text', 'int', 'bigint', 'boolean', 'timestamptz', 'jsonb']);

/** Joins a text[] cell into one text cell; tags and such never hold this control character. */
const UNIT_SEPARATOR = '\u001f';
const ROWS_PER_STATEMENT = 10_000;

function cell(type: ColumnType, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (type === 'timestamptz') return (value as Date).toISOString();
  if (type === 'jsonb') return JSON.stringify(value);
  if (type === 'text[]') return (value as string[]).join(UNIT_SEPARATOR);
  return value;
}

export async function insertRows<Row>(db: DbOrTx, table: string, columns: Columns<Row>, rows: Row[]) {
  for (let from = 0; from < rows.length; from += ROWS_PER_STATEMENT) {
    await db.execute(insertStatement(table, columns, rows.slice(from, from + ROWS_PER_STATEMENT)));
  }
}

function insertStatement<Row>(table: string, columns: Columns<Row>, rows: Row[]): SQL {
  const entries = Object.entries(columns);
  const names = entries.map(([name]) => sql.identifier(name));
  const aliases = entries.map((_, i) => sql.raw(`c${i}`));
  const arrays = entries.map(([, [type, value]]) => {
    const arrayType = BUILT_IN.has(type) ? type : 'text';
    return sql`${sql.param(rows.map((row) => cell(type, value(row))))}::${sql.raw(arrayType)}[]`;
  });
  const selected = entries.map(([, [type]], i) => {
    if (type === 'text[]') return sql`string_to_array(${aliases[i]}, chr(31))`;
    return BUILT_IN.has(type) ? aliases[i]! : sql`${aliases[i]}::${sql.raw(type)}`;
  });
  return sql`insert into ${sql.identifier(table)} (${sql.join(names, sql`, `)})
    select ${sql.join(selected, sql`, `)}
    from unnest(${sql.join(arrays, sql`, `)}) as u(${sql.join(aliases, sql`, `)})`;
}
