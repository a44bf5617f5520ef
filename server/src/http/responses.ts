import { ErrorReply, ValidationErrorReply } from '@pixeli/contract';
import { z } from 'zod';

/** A 400 is either a field map (`{"email": ["..."]}`) or a `{"detail", "code"}` refusal. */
const BadRequestReply = z.union([ErrorReply, ValidationErrorReply]);

const byStatus = {
  400: BadRequestReply,
  401: ErrorReply,
  403: ErrorReply,
  404: ErrorReply,
  409: ErrorReply,
  410: ErrorReply,
  413: ErrorReply,
  415: ErrorReply,
  429: ErrorReply,
  503: ErrorReply,
} as const;

type ErrorStatus = keyof typeof byStatus;

/** The error replies a route documents in the OpenAPI document, e.g. `...errorReplies(400, 401)`. */
export function errorReplies<S extends ErrorStatus>(...statuses: S[]): Pick<typeof byStatus, S> {
  return Object.fromEntries(statuses.map((s) => [s, byStatus[s]])) as Pick<typeof byStatus, S>;
}

export const bearerAuth = [{ bearer: [] }];
