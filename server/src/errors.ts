/**
 * A refusal a client can act on: an HTTP status, a stable machine `code` and a human `detail`.
 * Services throw these; the error handler turns them into `{"detail", "code"}` bodies.
 */
export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly statusCode: number,
    readonly code: string,
    readonly detail: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }
}

/** A refusal about particular fields, answered in the original's `{"field": ["message"]}` shape. */
export class FieldError extends Error {
  override name = 'FieldError';
  constructor(
    readonly fields: Record<string, string[]>,
    readonly statusCode = 400,
  ) {
    super(Object.values(fields).flat().join(' '));
  }
}

export const fieldError = (field: string, message: string) => new FieldError({ [field]: [message] });

export const notSignedIn = () =>
  new AppError(401, 'not_authenticated', 'Authentication credentials were not provided.');

export const tokenInvalid = () =>
  new AppError(401, 'token_not_valid', 'Given token not valid for any token type');

export const forbidden = (
  code = 'permission_denied',
  detail = 'You do not have permission to perform this action.',
) => new AppError(403, code, detail);

export const notFound = (detail = 'Not found.') => new AppError(404, 'not_found', detail);

export const tooManyRequests = (retryAfterS: number) =>
  new AppError(429, 'throttled', `Too many attempts. Try again in ${retryAfterS} seconds.`, {
    'retry-after': String(retryAfterS),
  });
