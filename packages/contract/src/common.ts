import { z } from 'zod';

/** `{"detail": "...", "code": "..."}`: every refusal that is not about one field. */
export const ErrorReply = z
  .object({
    detail: z.string(),
    code: z.string(),
  })
  .meta({ id: 'ErrorReply' });
export type ErrorReply = z.infer<typeof ErrorReply>;

/** `{"field": ["message"]}`: the original's validation shape (DRF). */
export const ValidationErrorReply = z
  .record(z.string(), z.array(z.string()))
  .meta({ id: 'ValidationErrorReply' });

export const DetailReply = z.object({ detail: z.string() });
export type DetailReply = z.infer<typeof DetailReply>;

export const Uuid = z.uuid();

/** ISO 8601 UTC timestamps, always with a `Z`. */
export const Timestamp = z.iso.datetime();

/**
 * The instants that go into the database and come back unchanged: years 1000 to 9999 in UTC.
 * `0000-01-01T00:00:00Z`, or `9999-12-31T23:00:00-14:00` (year 10000 in UTC), are valid ISO 8601
 * but PostgreSQL refuses them; years below 100 are stored but read back wrong (drizzle parses
 * PostgreSQL's `0001-01-01 00:00:00+00` with Date, which reads it as 2001). No photo or event is
 * older than the year 1000.
 */
const EARLIEST = Date.parse('1000-01-01T00:00:00.000Z');
const LATEST = Date.parse('9999-12-31T23:59:59.999Z');
const storable = (iso: string) => {
  const at = Date.parse(iso);
  return at >= EARLIEST && at <= LATEST;
};
const outOfRange = { message: 'Dates must fall between the years 1000 and 9999.' };

/** `2026-12-01T01:48:01.094` has no offset: it is read as UTC, as the original (Django, `TIME_ZONE=UTC`) read it. */
const asUtc = (iso: string) => (/(Z|[+-]\d{2}(:?\d{2})?)$/i.test(iso) ? iso : `${iso}Z`);

/**
 * A moment a client sends: ISO 8601 with `Z`, an offset, or none (UTC), within the storable years,
 * handed on as ISO with `Z`. Every datetime a request carries goes through this one schema.
 */
export const DateTimeInput = z.iso
  .datetime({ offset: true, local: true })
  .transform((iso) => {
    const at = new Date(asUtc(iso));
    return Number.isNaN(at.getTime()) ? iso : at.toISOString(); // an impossible day fails `storable`
  })
  .refine(storable, outOfRange);
/** A calendar day a client sends (`YYYY-MM-DD`), within the storable years. */
export const IsoDate = z.iso.date().refine(storable, outOfRange);

/** A list's page size as a client asks for it (`?limit=`). */
export const ListLimit = z.coerce.number().int().min(1).max(200);

/**
 * Every list is a JSON array; the next page is named by the `Link: <...>; rel="next"` header.
 * `limit` arrives as a string in the query, hence the coercion.
 */
export const PageQuery = z.object({
  limit: ListLimit.default(50),
  cursor: z.string().max(500).optional(),
});
/**
 * The lists the original client shows (events, galleries, the feed, tagged photos, notifications,
 * search): it never pages, so without `limit` the server answers its larger `LIST_LIMIT_DEFAULT`.
 */
export const ListQuery = z.object({
  limit: ListLimit.optional(),
  cursor: z.string().max(500).optional(),
});
export type PageQuery = z.infer<typeof PageQuery>;

/** Query flags arrive as strings; only the two literal spellings are accepted. */
export const QueryBoolean = z.enum(['true', 'false']).transform((v) => v === 'true');
