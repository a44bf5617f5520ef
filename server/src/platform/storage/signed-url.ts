import { createHmac, timingSafeEqual } from 'node:crypto';
import { RecentMap } from '../recent-map.js';

/**
 * Signed media URLs served by this server: `/media/<key>?exp=<unix s>&sig=<mac>[&dl=<name>][&link=<id>]`.
 * The MAC covers the key, the expiry, the download name and the share link the URL was handed out
 * for, so none can be changed (or dropped) without the secret. The disk driver signs every URL so;
 * the S3 driver only those bound to a share link, which the `/media` route checks before serving.
 */

/**
 * The app secret also signs tokens and keys OTP hashes; media URLs get a key derived from it, so a MAC
 * made for one purpose can never be replayed as another.
 */
export function mediaUrlSigningKey(appSecret: string): Buffer {
  return createHmac('sha256', appSecret).update('pixeli/media-url/v1').digest();
}

export function signMediaUrl(
  signingKey: Buffer,
  key: string,
  exp: number,
  downloadName?: string,
  link?: string,
): string {
  // Unbound URLs keep the MAC input they always had; a bound one adds its link on a line of its own.
  const bound = link === undefined ? '' : `\nlink:${link}`;
  return createHmac('sha256', signingKey)
    .update(`${key}\n${exp}\n${downloadName ?? ''}${bound}`)
    .digest('base64url');
}

export type MediaUrlCheck =
  | { valid: true; secondsLeft: number /** The share link the URL serves, if bound to one. */; link?: string }
  | { valid: false; code: 'signature_invalid' | 'url_expired' };

export interface MediaUrlParams {
  key: string;
  exp: unknown;
  sig: unknown;
  dl?: unknown;
  link?: unknown;
}

/** What a signed URL may be bound to: a share link's id (a UUID). */
const LINK_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Checks a URL's signature first and its expiry second, so a forged URL learns nothing about time,
 * and an honest but stale one gets a precise `url_expired`. Query values arrive as anything a client
 * sent (repeated parameters come as arrays): only single strings are accepted.
 */
export function verifyMediaUrl(signingKey: Buffer, params: MediaUrlParams, nowS: number): MediaUrlCheck {
  const { key, exp, sig, dl, link } = params;
  const invalid = { valid: false, code: 'signature_invalid' } as const;
  if (typeof exp !== 'string' || !/^(0|[1-9]\d{0,11})$/.test(exp) || typeof sig !== 'string') return invalid;
  if (dl !== undefined && typeof dl !== 'string') return invalid;
  if (link !== undefined && (typeof link !== 'string' || !LINK_ID.test(link))) return invalid;
  const expected = Buffer.from(signMediaUrl(signingKey, key, Number(exp), dl, link));
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return invalid;
  const secondsLeft = Number(exp) - nowS;
  if (secondsLeft < 0) return { valid: false, code: 'url_expired' };
  return link === undefined ? { valid: true, secondsLeft } : { valid: true, secondsLeft, link };
}

export interface MediaUrlSignerOptions {
  /** Origin (and optional path) the URLs start with, e.g. `https://photos.example.org`. */
  publicBaseUrl: string;
  /** The app secret; URLs are signed with a key derived from it. */
  secret: string;
  /** Signing and checking share this clock, so tests can step past an expiry. */
  clock?: { now(): Date };
}

export interface SignOptions {
  ttlS: number;
  downloadName?: string;
  link?: string;
}

/** Signs and checks this server's `/media/<key>` URLs (the key must already be known safe). */
export function createMediaUrlSigner(options: MediaUrlSignerOptions) {
  const baseUrl = options.publicBaseUrl.replace(/\/+$/, '');
  const signingKey = mediaUrlSigningKey(options.secret);
  const clock = options.clock ?? { now: () => new Date() };
  const nowS = () => Math.floor(clock.now().getTime() / 1000);
  // Within a window the same object signs to the same URL (stableExpiry): sign it once per window,
  // instead of an HMAC per thumbnail per page.
  const recent = new RecentMap<string>();
  const signOnce = (key: string, exp: number, downloadName?: string, link?: string) => {
    const query = new URLSearchParams({
      exp: String(exp),
      sig: signMediaUrl(signingKey, key, exp, downloadName, link),
    });
    if (downloadName !== undefined) query.set('dl', downloadName);
    if (link !== undefined) query.set('link', link);
    // Safe keys are made of URL-safe characters only, so the key goes into the path as it is.
    return `${baseUrl}/media/${key}?${query}`;
  };
  return {
    sign(key: string, { ttlS, downloadName, link }: SignOptions): string {
      if (!Number.isInteger(ttlS) || ttlS <= 0)
        throw new RangeError(`ttlS must be a positive integer: ${ttlS}`);
      if (link !== undefined && !LINK_ID.test(link)) throw new RangeError(`Not a share link id: ${link}`);
      const exp = stableExpiry(nowS(), ttlS);
      // A download is one click: only the URLs lists repeat are remembered. Safe keys and link ids
      // (UUIDs) hold no newline, so the joined id is unambiguous.
      if (downloadName !== undefined) return signOnce(key, exp, downloadName, link);
      return recent.getOrMake(`${exp}\n${key}\n${link ?? ''}`, () => signOnce(key, exp, undefined, link));
    },
    check(params: MediaUrlParams): MediaUrlCheck {
      return verifyMediaUrl(signingKey, params, nowS());
    },
  };
}

/**
 * An expiry rounded down to a quarter of the lifetime, so the same object signed again within that
 * window gets the very same URL and browsers can cache the image. A URL then lives between 3/4 of
 * `ttlS` and `ttlS`, never longer.
 */
export function stableExpiry(nowS: number, ttlS: number): number {
  const step = Math.max(1, Math.floor(ttlS / 4));
  return Math.max(nowS + 1, Math.floor((nowS + ttlS) / step) * step);
}
