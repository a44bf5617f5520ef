import type { FastifyReply, FastifyRequest } from 'fastify';
import { isExactTimestamp } from '../db/timestamps.js';
import { fieldError } from '../errors.js';

/**
 * Keyset pagination: a cursor is the sort key of the last row served, base64url-encoded JSON.
 * Opaque to clients; a tampered cursor is a 400, never a 500.
 */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string, shape: readonly ('string' | 'number')[]): (string | number)[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw fieldError('cursor', 'Invalid cursor.');
  }
  const valid =
    Array.isArray(parsed) &&
    parsed.length === shape.length &&
    parsed.every((value, i) => typeof value === shape[i]);
  if (!valid) throw fieldError('cursor', 'Invalid cursor.');
  return parsed as (string | number)[];
}

/**
 * Fetch `limit + 1` rows; if the extra one came back there is a next page. Trims the extra row and
 * names the next page: this request's own path and query with the last row's cursor. A request
 * without `limit` keeps none, so its next page has the same default size.
 */
export function pageOf<T>(
  request: FastifyRequest,
  rows: T[],
  limit: number,
  cursorOf: (row: T) => readonly (string | number)[],
): { page: T[]; next?: string } {
  if (rows.length <= limit) return { page: rows };
  const page = rows.slice(0, limit);
  const next = new URL(request.url, 'http://placeholder');
  next.searchParams.set('cursor', encodeCursor(cursorOf(page[page.length - 1] as T)));
  return { page, next: `${next.pathname}${next.search}` };
}

/** `pageOf`, with the next page in the `Link: <...>; rel="next"` header. */
export function paginate<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  rows: T[],
  limit: number,
  cursorOf: (row: T) => readonly (string | number)[],
): T[] {
  const { page, next } = pageOf(request, rows, limit, cursorOf);
  if (next) reply.header('link', `<${next}>; rel="next"`);
  return page;
}

/**
 * The page size of a list the original client shows: it never pages, so a request without `limit`
 * gets `LIST_LIMIT_DEFAULT` rows (a bounded read still), and the `Link` header names the rest.
 */
export function listLimit(query: { limit?: number }, config: { LIST_LIMIT_DEFAULT: number }): number {
  return query.limit ?? config.LIST_LIMIT_DEFAULT;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The cursor of a list ordered by (timestamp, id), as made by `paginate` from `exactTimestamp`.
 * Only what the server itself encodes passes, so nothing malformed reaches a SQL cast.
 */
export function decodeTimeCursor(cursor: string | undefined): { at: string; id: string } | undefined {
  if (cursor === undefined) return undefined;
  const [at, id] = decodeCursor(cursor, ['string', 'string']) as [string, string];
  if (!isExactTimestamp(at) || !UUID.test(id)) throw fieldError('cursor', 'Invalid cursor.');
  return { at, id };
}
