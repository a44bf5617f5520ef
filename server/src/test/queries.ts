import type { Harness } from './harness.js';

/** What drizzle hands every statement to: PGlite's `query`, or node-postgres `Pool#query`. */
interface QueryClient {
  query: (...args: unknown[]) => Promise<unknown>;
}

/** The SQL text of a `query` call: a string on PGlite, a `{ text }` config on node-postgres. */
const textOf = (first: unknown) =>
  typeof first === 'string' ? first : String((first as { text?: unknown } | null)?.text ?? first);

/**
 * Runs `fn` and records every SQL statement the app sent meanwhile, by wrapping `query` on the
 * driver client drizzle was built over (`db.$client`) and restoring it afterwards. Statements
 * inside a transaction on PostgreSQL run on a pooled client and are not seen: use this for reads.
 * Nothing else may run at the same time (wait for `h.ctx.queue.idle()` first).
 */
export async function recordQueries<T>(
  h: Harness,
  fn: () => Promise<T>,
): Promise<{ result: T; statements: string[] }> {
  const client = (h.ctx.database.db as unknown as { $client: QueryClient }).$client;
  const statements: string[] = [];
  const own = Object.hasOwn(client, 'query');
  const original = client.query;
  client.query = function (this: unknown, ...args: unknown[]) {
    statements.push(textOf(args[0]));
    return original.apply(this, args);
  };
  try {
    return { result: await fn(), statements };
  } finally {
    if (own) client.query = original;
    else delete (client as Partial<QueryClient>).query;
  }
}
