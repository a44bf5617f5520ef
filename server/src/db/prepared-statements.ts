import { createHash } from 'node:crypto';
import pg from 'pg';

/**
 * Server-side prepared statements for every query drizzle sends to PostgreSQL, without naming them
 * one by one. PostgreSQL plans an unnamed statement again on every execution: the feed's query took
 * ~2 ms to plan and ~1 ms to run (`EXPLAIN (ANALYZE)` at 3,000 photos), so most of the database's
 * CPU per request was planning. A named statement is parsed once per connection, and after a few
 * executions PostgreSQL keeps a generic plan for it.
 *
 * A statement's name is a hash of its text, so the same text shares one name on every connection
 * and two texts never share one. Texts are bounded by the code (values travel as parameters; only
 * list lengths vary the text), but a connection keeps every statement it prepared until it closes,
 * so at most `MAX_NAMED_TEXTS` texts are ever named and anything beyond them runs unnamed as before.
 *
 * Named statements need a session of their own: behind a pooler in transaction mode (PgBouncer's
 * default before 1.21) set DATABASE_PREPARED_STATEMENTS=false.
 */
const MAX_NAMED_TEXTS = 2_000;

const names = new Map<string, string>();

/**
 * Statements whose best plan depends on their values, left unnamed so each is planned for the
 * values it has: a tag filter (`@> array[...]`) is best served by the tags' GIN index when the tags
 * are rare and by walking the timeline when they are common, and the generic plan PostgreSQL
 * settles on after five runs cannot tell which (a two-tag search went from 25 ms to 130 ms).
 */
const PLANNED_PER_VALUE = /@> array\[/;

export function plannedPerValue(text: string): boolean {
  return PLANNED_PER_VALUE.test(text);
}

function statementName(text: string): string | undefined {
  if (plannedPerValue(text)) return undefined;
  const known = names.get(text);
  if (known || names.size >= MAX_NAMED_TEXTS) return known;
  const name = `px_${createHash('sha1').update(text).digest('base64url')}`;
  names.set(text, name);
  return name;
}

interface QueryConfigLike {
  text?: unknown;
  name?: unknown;
}

/** A pg client that names each parameterised query by its text (see above). */
export class PreparingClient extends pg.Client {
  // pg's `query` has many overloads; only a config object with a text is rewritten (drizzle
  // passes its values as the second argument).
  // biome-ignore lint/suspicious/noExplicitAny: forwarding pg's overloads unchanged.
  override query(config: unknown, ...rest: unknown[]): any {
    const query = config as QueryConfigLike;
    if (
      query !== null &&
      typeof query === 'object' &&
      typeof query.text === 'string' &&
      query.name === undefined
    ) {
      const name = statementName(query.text);
      if (name) config = { ...query, name };
    }
    // biome-ignore lint/suspicious/noExplicitAny: forwarding pg's overloads unchanged.
    return (super.query as any)(config, ...rest);
  }
}
