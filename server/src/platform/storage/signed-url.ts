import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed media URLs of the disk driver: `/media/<key>?exp=<unix s>&sig=<mac>[&dl=<name>]`. The MAC
 * covers the key, the expiry and the download name, so none can be changed without the secret.
 */

/**
 * The app secret also signs tokens and keys OTP hashes; media URLs get a key derived from it, so a MAC
 * made for one purpose can never be replayed as another.
 */
export function mediaUrlSigningKey(appSecret: string): Buffer {
  return createHmac('sha256', appSecret).update('pixeli/media-url/v1').digest();
}

export function signMediaUrl(signingKey: Buffer, key: string, exp: number, downloadName?: string): string {
  return createHmac('sha256', signingKey)
    .update(`${key}\n${exp}\n${downloadName ?? ''}`)
    .digest('base64url');
}

export type MediaUrlCheck =
  | { valid: true; secondsLeft: number }
  | { valid: false; code: 'signature_invalid' | 'url_expired' };

export interface MediaUrlParams {
  key: string;
  exp: unknown;
  sig: unknown;
  dl?: unknown;
}

/**
 * Checks a URL's signature first and its expiry second, so a forged URL learns nothing about time,
 * and an honest but stale one gets a precise `url_expired`. Query values arrive as anything a client
 * sent (repeated parameters come as arrays): only single strings are accepted.
 */
export function verifyMediaUrl(signingKey: Buffer, params: MediaUrlParams, nowS: number): MediaUrlCheck {
  const { key, exp, sig, dl } = params;
  const invalid = { valid: false, code: 'signature_invalid' } as const;
  if (typeof exp !== 'string' || !/^(0|[1-9]\d{0,11})$/.test(exp) || typeof sig !== 'string') return invalid;
  if (dl !== undefined && typeof dl !== 'string') return invalid;
  const expected = Buffer.from(signMediaUrl(signingKey, key, Number(exp), dl));
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return invalid;
  const secondsLeft = Number(exp) - nowS;
  return secondsLeft < 0 ? { valid: false, code: 'url_expired' } : { valid: true, secondsLeft };
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
