import type { Db } from './client.js';

/**
 * A statement built once per database handle and from then on only executed, its values filled
 * into `sql.placeholder`s: drizzle does not assemble its SQL again, and on PostgreSQL, where
 * node-postgres names it on each pooled connection, the server does not parse or plan it again
 * either (a photo's tags and likes: ~0.7 -> ~0.15 ms of CPU, both sides counted). PGlite only
 * saves the assembling. For statements on the database itself: a transaction is its own handle.
 */
export function preparedOn<T>(build: (db: Db) => T): (db: Db) => T {
  const built = new WeakMap<Db, T>();
  return (db) => {
    let statement = built.get(db);
    if (statement === undefined) {
      statement = build(db);
      built.set(db, statement);
    }
    return statement;
  };
}
