import { afterSignIn } from '../app/RequireSignIn';

/**
 * Where the signed-out screens send people, kept in one place: the `?next=` a person arrived with
 * travels between sign in, sign up and forgot password, and comes back out of `afterSignIn`.
 */

/** `path` with the same `next` the current page has (and nothing else), so switching screens keeps it. */
export function keepNext(path: string, search: URLSearchParams, extra: Record<string, string> = {}): string {
  const query = new URLSearchParams();
  const next = search.get('next');
  if (next && afterSignIn(search) === next) query.set('next', next);
  for (const [key, value] of Object.entries(extra)) if (value) query.set(key, value);
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

/**
 * The invite a person is signing up through: `?invite=<token>`, or a `next` that is an invite's own
 * page (`/invite/<token>`, where the join screen sends people). The server needs it when SIGNUP=invite.
 */
export function inviteToken(search: URLSearchParams): string | undefined {
  const direct = search.get('invite')?.trim();
  if (direct) return direct;
  const match = /^\/invite\/([^/?#]+)\/?(?:[?#].*)?$/.exec(afterSignIn(search));
  if (!match?.[1]) return undefined;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return undefined;
  }
}

/** After a new account's code: the welcome screen, which then goes on to where the person was headed. */
export function welcomePath(search: URLSearchParams): string {
  const target = afterSignIn(search);
  const invite = search.get('invite')?.trim();
  // An invite given only as ?invite= still ends on its join screen.
  const next = target === '/' && invite ? `/invite/${encodeURIComponent(invite)}` : target;
  return next === '/' ? '/welcome' : `/welcome?next=${encodeURIComponent(next)}`;
}
