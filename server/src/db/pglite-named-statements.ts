import { type PGlite, parse, protocol, type QueryOptions, type Results } from '@electric-sql/pglite';
import { plannedPerValue } from './prepared-statements.js';

/**
 * Named statements for the embedded engine, as `PreparingClient` gives PostgreSQL.
 *
 * PGlite's `query` sends every statement as an unnamed one in six calls into the database (Parse,
 * Describe statement, Bind, Describe portal, Execute, Sync), so each run is parsed and planned
 * again. Here a statement's text is parsed once per database under a name, its parameter types and
 * row description kept, and every later run is one call: Bind + Execute + Sync, with the kept row
 * description put in front of the answer so PGlite's own result parser reads it as before.
 * A lookup with a join went from 0.28 ms to 0.07 ms of CPU (`/work`'s probe, 5,000 rows).
 *
 * Only data statements are named (DDL, SET and transaction control run as before), at most
 * `MAX_NAMED_TEXTS` per database, and not the statements whose best plan depends on their values.
 */
const MAX_NAMED_TEXTS = 2_000;
const NAMEABLE = /^\s*(select|insert|update|delete|with)\b/i;

interface NamedStatement {
  name: string;
  paramTypes: number[];
  /** Absent for statements that return no rows. */
  rowDescription: unknown;
}

let statementsNamed = 0;

type Querier = Pick<PGlite, 'query'> & { closed?: boolean };

export class NamedStatements {
  private readonly statements = new Map<string, NamedStatement>();

  constructor(private readonly pglite: PGlite) {}

  nameable(text: string, options?: QueryOptions): boolean {
    if (options?.blob || options?.paramTypes) return false;
    if (!NAMEABLE.test(text) || plannedPerValue(text)) return false;
    return this.statements.has(text) || this.statements.size < MAX_NAMED_TEXTS;
  }

  /**
   * Runs `text` as a named statement. `inTransaction`: the caller is inside PGlite's
   * `transaction`, which already holds the transaction lock (PGlite's own `tx.query` takes only the
   * query lock, as here).
   */
  run<T>(text: string, params: unknown[], options: QueryOptions | undefined, inTransaction: boolean) {
    const db = this.pglite;
    const work = () =>
      db._runExclusiveQuery(async () => {
        const statement = this.statements.get(text) ?? (await this.prepare(text));
        const values = params.map((value, i) => {
          if (value === null || value === undefined) return null;
          const type = statement.paramTypes[i] ?? 0;
          const serialize = options?.serializers?.[type] ?? db.serializers[type];
          return serialize ? serialize(value) : String(value);
        });
        let messages: unknown[];
        try {
          messages = await db.execProtocolStream(
            concat([
              protocol.serialize.bind({ statement: statement.name, values }),
              protocol.serialize.execute({}),
              protocol.serialize.sync(),
            ]),
            { syncToFs: false },
          );
        } catch (error) {
          throw withQuery(error, text, params);
        }
        if (!inTransaction) await db.syncToFs();
        if (statement.rowDescription) messages.unshift(statement.rowDescription);
        return parse.parseResults(messages as never, db.parsers, options)[0] as Results<T>;
      });
    return inTransaction ? work() : db._runExclusiveTransaction(work);
  }

  private async prepare(text: string): Promise<NamedStatement> {
    // Unique in the process, so two wrappers of one PGlite instance can never collide.
    const name = `px_${++statementsNamed}`;
    let messages: { name: string; dataTypeIDs?: number[] }[];
    try {
      messages = (await this.pglite.execProtocolStream(
        concat([
          protocol.serialize.parse({ name, text }),
          protocol.serialize.describe({ type: 'S', name }),
          protocol.serialize.sync(),
        ]),
        { syncToFs: false },
      )) as typeof messages;
    } catch (error) {
      throw withQuery(error, text, []);
    }
    const statement: NamedStatement = {
      name,
      paramTypes: messages.find((m) => m.name === 'parameterDescription')?.dataTypeIDs ?? [],
      rowDescription: messages.find((m) => m.name === 'rowDescription'),
    };
    this.statements.set(text, statement);
    return statement;
  }
}

/**
 * Routes a PGlite querier's (the instance's, or a transaction's) data statements through `named`;
 * `dropParsers` drops the per-statement `parsers` option drizzle passes (see client.ts).
 */
export function routeThroughNamed<T extends Querier>(
  querier: T,
  named: NamedStatements,
  inTransaction: boolean,
): T {
  const query = querier.query.bind(querier);
  querier.query = ((text: string, params: unknown[] = [], options?: QueryOptions) => {
    const { parsers: _sameAsTheInstance, ...rest } = options ?? {};
    if (!named.nameable(text, rest)) return query(text, params, rest);
    if (querier.closed) throw new Error('Transaction is closed');
    return named.run(text, params, rest, inTransaction);
  }) as T['query'];
  return querier;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((length, part) => length + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** As PGlite does: the database's error, with the statement that raised it. */
function withQuery(error: unknown, query: string, params: unknown[]): unknown {
  if (error && typeof error === 'object' && 'code' in error) Object.assign(error, { query, params });
  return error;
}
