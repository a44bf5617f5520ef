import type { z } from 'zod';
import type { Session } from '../session';
import { SESSION_COOKIE_HEADER } from '../session';
import type { AnyEndpoint, BodyOf, ParamsOf, QueryOf, ReplyOf } from './endpoint';
import { ApiError, NetworkError, toApiError } from './errors';

export interface CallInput<E extends AnyEndpoint> {
  params?: ParamsOf<E>;
  query?: QueryOf<E>;
  body?: BodyOf<E>;
  signal?: AbortSignal;
}

export interface Page<T> {
  items: T;
  /** The next page's path as the server named it (`Link: <…>; rel="next"`), or null at the end. */
  next: string | null;
}

/**
 * The one way the app talks to the API. It validates what it sends against the contract (so a
 * form learns of a bad field before a round trip), adds the access token, and on a 401 asks the
 * session for a new one (shared with every other caller) and tries once more. Answers are
 * checked against the contract in development and tests, where a drift should fail loudly.
 */
export interface ApiClient {
  call<E extends AnyEndpoint>(ep: E, input?: CallInput<E>): Promise<ReplyOf<E>>;
  page<E extends AnyEndpoint>(
    ep: E,
    input?: CallInput<E> & { next?: string | null },
  ): Promise<Page<ReplyOf<E>>>;
  /** The raw fetch with the session's token and one refresh on 401 (downloads, uploads' first step). */
  authorizedFetch(url: string, init?: RequestInit): Promise<Response>;
}

const CHECK_REPLIES = import.meta.env.DEV || import.meta.env.MODE === 'test';

export function createApiClient(session: Session, fetchFn: typeof fetch = (...a) => fetch(...a)): ApiClient {
  const send = async (url: string, init: RequestInit, token: string | null): Promise<Response> => {
    const headers = new Headers(init.headers);
    if (token) headers.set('authorization', `Bearer ${token}`);
    try {
      return await fetchFn(url, { ...init, headers, credentials: 'same-origin' });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      throw new NetworkError();
    }
  };

  const authorizedFetch = async (url: string, init: RequestInit = {}): Promise<Response> => {
    const token = session.snapshot().access ?? (await session.refresh());
    const first = await send(url, init, token);
    if (first.status !== 401) return first;
    const fresh = await session.refreshAfter(token);
    if (!fresh) {
      session.ended();
      return first;
    }
    return send(url, init, fresh);
  };

  const run = async <E extends AnyEndpoint>(ep: E, input: CallInput<E>, url: string) => {
    const init: RequestInit = { method: ep.method, signal: input.signal };
    if (ep.body) {
      const checked = ep.body.safeParse(input.body);
      if (!checked.success) throw fieldErrors(checked.error);
      init.body = JSON.stringify(input.body);
      init.headers = { 'content-type': 'application/json' };
    }
    if (ep.auth === 'cookie') init.headers = { ...init.headers, ...SESSION_COOKIE_HEADER };
    const response = ep.auth === 'bearer' ? await authorizedFetch(url, init) : await send(url, init, null);
    if (!response.ok) {
      const body = await response.json().catch(() => null);
      throw toApiError(response.status, body, response.headers.get('retry-after'));
    }
    const data = ep.reply === null || response.status === 204 ? undefined : await response.json();
    if (CHECK_REPLIES && ep.reply) {
      const checked = (ep.reply as z.ZodType).safeParse(data);
      if (!checked.success)
        throw new Error(`${ep.method} ${url}: answer breaks the contract: ${checked.error.message}`);
    }
    return { data: data as ReplyOf<E>, response };
  };

  return {
    authorizedFetch,
    async call(ep, input = {}) {
      return (await run(ep, input, urlOf(ep, input))).data;
    },
    async page(ep, input = {}) {
      const url = input.next ?? urlOf(ep, input);
      const { data, response } = await run(ep, input, url);
      return { items: data, next: nextLink(response.headers.get('link')) };
    },
  };
}

function urlOf<E extends AnyEndpoint>(ep: E, input: CallInput<E>): string {
  const path = ep.path(input.params as ParamsOf<E>);
  if (!input.query) return path;
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(input.query as Record<string, unknown>)) {
    if (value === undefined || value === null || value === '') continue;
    for (const item of Array.isArray(value) ? value : [value]) search.append(key, String(item));
  }
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

/** The `rel="next"` target of a Link header, kept only when it is a path on this origin. */
export function nextLink(header: string | null): string | null {
  const match = header?.match(/<([^>]+)>\s*;\s*rel="next"/);
  const target = match?.[1];
  return target?.startsWith('/') && !target.startsWith('//') ? target : null;
}

function fieldErrors(error: z.ZodError): ApiError {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const name = issue.path.length ? issue.path.join('.') : 'non_field_errors';
    fields[name] = [...(fields[name] ?? []), issue.message];
  }
  const [first] = error.issues;
  return new ApiError(400, first?.message ?? 'Check the form.', 'invalid', fields);
}
