/**
 * What a failed call means to a person: the server's own words (`detail`, or the first field
 * error) and the field errors by name, so a form can show each next to its input.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string | null,
    readonly fields: Record<string, string[]> = {},
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The message for one field, if the server named it. */
  field(name: string): string | undefined {
    return this.fields[name]?.[0];
  }
}

/** The request never reached the server (offline, DNS, a dropped connection). */
export class NetworkError extends Error {
  constructor() {
    super('You seem to be offline. Check your connection and try again.');
    this.name = 'NetworkError';
  }
}

const FALLBACK: Record<number, string> = {
  400: 'That did not look right. Check the form and try again.',
  401: 'Please sign in again.',
  403: 'You are not allowed to do that.',
  404: 'This no longer exists, or you cannot see it.',
  409: 'That conflicts with something that changed meanwhile.',
  410: 'This link has ended.',
  413: 'That is too large.',
  429: 'Too many tries. Wait a moment and try again.',
};

/** Turns any error body the API answers (`{detail, code}` or DRF's `{field: [msg]}`) into an ApiError. */
export function toApiError(status: number, body: unknown, retryAfter: string | null): ApiError {
  const retry = retryAfter && /^\d+$/.test(retryAfter) ? Number(retryAfter) : null;
  if (body && typeof body === 'object') {
    const record = body as Record<string, unknown>;
    if (typeof record.detail === 'string') {
      return new ApiError(
        status,
        record.detail,
        typeof record.code === 'string' ? record.code : null,
        {},
        retry,
      );
    }
    const fields: Record<string, string[]> = {};
    for (const [key, value] of Object.entries(record)) {
      if (Array.isArray(value)) fields[key] = value.filter((v): v is string => typeof v === 'string');
    }
    const first = Object.entries(fields).find(([, messages]) => messages.length > 0);
    if (first) {
      const [name, [message]] = first as [string, [string]];
      const prefix = name === 'non_field_errors' ? '' : `${humanField(name)}: `;
      return new ApiError(status, `${prefix}${message}`, 'invalid', fields, retry);
    }
  }
  return new ApiError(
    status,
    FALLBACK[status] ?? 'Something went wrong on our side. Try again.',
    null,
    {},
    retry,
  );
}

function humanField(name: string): string {
  const words = name.replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
