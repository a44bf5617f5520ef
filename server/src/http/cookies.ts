import type { FastifyRequest } from 'fastify';

/**
 * Reading and writing cookies, for the one cookie this server sets (the web app's session). A plugin
 * would parse every request's Cookie header and sign values we do not need signed; this reads one
 * name on the routes that ask for it.
 */

/** The value of the first cookie called `name` in the request (the browser sends the most specific path first). */
export function readCookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq === -1 || pair.slice(0, eq).trim() !== name) continue;
    let value = pair.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    return value;
  }
  return undefined;
}

export interface CookieAttributes {
  path: string;
  /** Seconds the browser keeps it; 0 deletes it. */
  maxAgeS: number;
  httpOnly: boolean;
  sameSite: 'Strict' | 'Lax';
  secure: boolean;
}

/** One `Set-Cookie` value. Values here are base64url tokens, so they need no quoting or escaping. */
export function serializeCookie(name: string, value: string, attributes: CookieAttributes): string {
  if (!/^[\w-]*$/.test(value)) throw new Error(`cookie ${name}: value must be base64url`);
  const parts = [
    `${name}=${value}`,
    `Path=${attributes.path}`,
    `Max-Age=${Math.max(0, Math.floor(attributes.maxAgeS))}`,
  ];
  if (attributes.httpOnly) parts.push('HttpOnly');
  parts.push(`SameSite=${attributes.sameSite}`);
  if (attributes.secure) parts.push('Secure');
  return parts.join('; ');
}
