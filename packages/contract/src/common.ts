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
 * Every list is a JSON array; the next page is named by the `Link: <...>; rel="next"` header.
 * `limit` arrives as a string in the query, hence the coercion.
 */
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});
export type PageQuery = z.infer<typeof PageQuery>;

/** Query flags arrive as strings; only the two literal spellings are accepted. */
export const QueryBoolean = z.enum(['true', 'false']).transform((v) => v === 'true');
