/**
 * What a URL looks like in a log line: the credentials it may carry masked. Logs are read by more
 * people, and kept longer, than anything they mention should be usable for: a share-link or invite
 * token in a path is as good as a password to whoever reads it, as are the query parameters below.
 */

/** Query parameters that carry credentials (a socket's access token, a media URL's signature). */
const SECRET_QUERY = /([?&](?:token|access|refresh|password|sig)=)[^&#]*/gi;

/** Paths whose next segment is a bearer token: share links (both forms) and invite links (both forms). */
const SECRET_PATH = /(\/(?:s|invite|api\/photos\/share|api\/invites)\/)[^/?#]+/gi;

export const redactUrl = (url: string) =>
  url.replace(SECRET_PATH, '$1[redacted]').replace(SECRET_QUERY, '$1[redacted]');
