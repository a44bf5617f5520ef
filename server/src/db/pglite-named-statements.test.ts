import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase, queryRows } from './client.js';
import { isUniqueViolation } from './errors.js';

/**
 * The embedded engine answers the same through named statements as through PGlite's own `query`:
 * the same rows and types, the same errors, and transactions that commit and roll back as before.
 */
describe('named statements on PGlite', () => {
  let named: Database;
  let plain: Database;
  let pglite: PGlite;

  beforeAll(async () => {
    pglite = await PGlite.create();
    await pglite.exec(`
      create table items (id int primary key, name text not null, at timestamptz not null,
                          tags text[] not null default '{}', score numeric);
      insert into items values (1, 'one', '2026-01-02T03:04:05.123456Z', '{a,b}', 1.5),
                               (2, 'two', '2026-02-03T04:05:06Z', '{}', null);`);
    named = await openDatabase({ pglite });
    plain = await openDatabase({ pglite: await PGlite.create(), prepare: false });
    await queryRows(
      plain.db,
      sql.raw(`create table items (id int primary key, name text not null, at timestamptz not null,
      tags text[] not null default '{}', score numeric)`),
    );
    await queryRows(
      plain.db,
      sql.raw(`insert into items values (1, 'one', '2026-01-02T03:04:05.123456Z', '{a,b}', 1.5),
      (2, 'two', '2026-02-03T04:05:06Z', '{}', null)`),
    );
  });
  afterAll(async () => {
    await named.close();
    await plain.close();
  });

  const read = (db: Database, id: number) =>
    queryRows(db.db, sql`select id, name, at, tags, score from items where id = ${id} or name = ${'nobody'}`);

  it('returns the rows and types PGlite returns, run after run', async () => {
    for (const id of [1, 2, 1, 2, 1, 2, 1]) {
      expect(await read(named, id)).toEqual(await read(plain, id));
    }
    expect(await read(named, 1)).toEqual([
      { id: 1, name: 'one', at: '2026-01-02 03:04:05.123456+00', tags: ['a', 'b'], score: '1.5' },
    ]);
  });

  it('names data statements once and leaves DDL to PGlite', async () => {
    const before = await pglite.query<{ n: number }>('select count(*)::int as n from pg_prepared_statements');
    for (let i = 0; i < 3; i++) await read(named, 1);
    await queryRows(named.db, sql.raw('create temporary table scratch (x int)'));
    const statements = await pglite.query<{ statement: string }>(
      'select statement from pg_prepared_statements',
    );
    expect(statements.rows.some((s) => s.statement.includes('from items where id = $1'))).toBe(true);
    expect(statements.rows.some((s) => /create temporary/i.test(s.statement))).toBe(false);
    expect(statements.rows.length).toBeLessThanOrEqual(before.rows[0]!.n + 2);
  });

  it('raises the database error with its code and leaves the connection usable', async () => {
    const insert = (id: number) =>
      queryRows(named.db, sql`insert into items (id, name, at) values (${id}, 'x', now())`);
    const error = await insert(1).catch((e: unknown) => e);
    expect(isUniqueViolation(error)).toBe(true);
    expect(await read(named, 2)).toHaveLength(1);
  });

  it('commits and rolls back transactions', async () => {
    await named.db.transaction(async (tx) => {
      await tx.execute(sql`insert into items (id, name, at) values (${10}, 'ten', now())`);
    });
    await expect(
      named.db.transaction(async (tx) => {
        await tx.execute(sql`insert into items (id, name, at) values (${11}, 'eleven', now())`);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    const ids = await queryRows<{ id: number }>(
      named.db,
      sql`select id from items where id > ${5} order by id`,
    );
    expect(ids.map((r) => r.id)).toEqual([10]);
  });
});
