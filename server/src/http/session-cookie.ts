import { SESSION_COOKIE_NAME, SESSION_COOKIE_PATH, SESSION_MODE_HEADER } from '@pixeli/contract';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import { readCookie, serializeCookie } from './cookies.js';
import { isHttps } from './request-origin.js';

/**
 * The web app's session cookie: the refresh token in an HttpOnly, SameSite=Strict cookie whose Path
 * is the session routes, so the browser sends it to those two routes only and no script can read it.
 * The routes use these; the use cases (login, refresh, logout) are the same as for a JSON token.
 */

export const wantsSessionCookie = (request: FastifyRequest) =>
  request.headers[SESSION_MODE_HEADER] === 'cookie';

function refreshCookie(request: FastifyRequest, value: string, maxAgeS: number): string {
  return serializeCookie(SESSION_COOKIE_NAME, value, {
    path: SESSION_COOKIE_PATH,
    maxAgeS,
    httpOnly: true,
    sameSite: 'Strict',
    secure: isHttps(request, request.server.ctx.config),
  });
}

/** Sets the cookie for a new refresh token; it lives as long as a refresh token does. */
export function setRefreshCookie(request: FastifyRequest, reply: FastifyReply, refreshToken: string) {
  const { REFRESH_TOKEN_TTL_S } = request.server.ctx.config;
  reply.header('set-cookie', refreshCookie(request, refreshToken, REFRESH_TOKEN_TTL_S));
  reply.header('cache-control', 'no-store');
}

/** The `Set-Cookie` value that deletes the cookie (same name and path, expired). */
export const clearedRefreshCookie = (request: FastifyRequest) => refreshCookie(request, '', 0);

/** The refresh token the cookie holds; an empty cookie is no cookie. */
export function refreshTokenFromCookie(request: FastifyRequest): string | undefined {
  return readCookie(request, SESSION_COOKIE_NAME) || undefined;
}

/**
 * A sign-in's answer as the caller asked for it: with the session header, the refresh token goes
 * into the cookie and out of the JSON; without it, the answer is unchanged.
 */
export function deliverSignIn<T extends { refresh: string }>(
  request: FastifyRequest,
  reply: FastifyReply,
  answer: T,
): T | Omit<T, 'refresh'> {
  if (!wantsSessionCookie(request)) return answer;
  const { refresh, ...rest } = answer;
  setRefreshCookie(request, reply, refresh);
  return rest;
}

/** The 401 of the cookie routes; it deletes the cookie, which can never work again. */
export const sessionCookieInvalid = (request: FastifyRequest) =>
  new AppError(401, 'session_cookie_invalid', 'Your session has ended. Please sign in again.', {
    'set-cookie': clearedRefreshCookie(request),
  });
