import type { z } from 'zod';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * One API route as the app sees it: how to build its path, the contract schemas of what it takes
 * and answers, and whether it needs a signed-in caller. Components never write a URL; they name
 * an endpoint from `endpoints.ts`.
 */
export interface Endpoint<Params, Query, Body, Reply> {
  method: Method;
  path: (params: Params) => string;
  query?: z.ZodType<unknown, Query>;
  body?: z.ZodType<unknown, Body>;
  /** null: the route answers 204 with no body. */
  reply: z.ZodType<Reply> | null;
  /** `cookie` marks a sign-in route: the server then sets the refresh cookie instead of answering it. */
  auth: 'bearer' | 'none' | 'cookie';
}

// biome-ignore lint/suspicious/noExplicitAny: the table's entries have every shape.
export type AnyEndpoint = Endpoint<any, any, any, any>;
type Parts<E> = E extends Endpoint<infer P, infer Q, infer B, infer R> ? { P: P; Q: Q; B: B; R: R } : never;
export type ParamsOf<E> = Parts<E>['P'];
export type QueryOf<E> = Parts<E>['Q'];
export type BodyOf<E> = Parts<E>['B'];
export type ReplyOf<E> = Parts<E>['R'];

/** Declares an endpoint; the type parameters come from the schemas given. */
export function endpoint<Params = void, Query = void, Body = void, Reply = void>(
  definition: Endpoint<Params, Query, Body, Reply>,
): Endpoint<Params, Query, Body, Reply> {
  return definition;
}

/** A path segment from an id or token, encoded so nothing typed can change the route. */
export const seg = (value: string | number) => encodeURIComponent(String(value));
