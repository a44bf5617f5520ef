import { createHash, randomBytes, webcrypto } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { RecentMap } from '../../platform/recent-map.js';

/**
 * Access tokens are short-lived JWTs (HS256) naming the user and the sign-in (session) they belong
 * to, with the original's claim names (`user_id`, `token_type`), so a revoked sign-in can be refused
 * at once. Refresh tokens are opaque random strings stored only as hashes.
 */
export interface AccessClaims {
  userId: string;
  sessionId: string;
  expiresAt: Date;
}

const ISSUER = 'pixeli';

export async function signAccessToken(
  secret: string,
  claims: { userId: string; sessionId: string },
  now: Date,
  ttlS: number,
): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({ user_id: claims.userId, sid: claims.sessionId, token_type: 'access' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(ISSUER)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttlS)
    .setJti(randomBytes(12).toString('base64url'))
    .sign(await keyOf(secret));
}

/**
 * Tokens already verified, per secret: a token's signature does not change, so every request after
 * its first only checks the expiry (a WebCrypto verify cost ~0.2 ms of CPU per request).
 */
const verified = new Map<string, RecentMap<AccessClaims>>();

/** The claims of a valid, unexpired access token, or null for anything else. */
export async function verifyAccessToken(
  secret: string,
  token: string,
  now: Date,
): Promise<AccessClaims | null> {
  let known = verified.get(secret);
  if (!known) {
    known = new RecentMap<AccessClaims>();
    verified.set(secret, known);
  }
  const remembered = known.get(token);
  if (remembered) return now < remembered.expiresAt ? remembered : null;
  const claims = await verifySignedToken(secret, token, now);
  if (claims) known.set(token, claims);
  return claims;
}

async function verifySignedToken(secret: string, token: string, now: Date): Promise<AccessClaims | null> {
  try {
    const { payload } = await jwtVerify(token, await keyOf(secret), {
      issuer: ISSUER,
      algorithms: ['HS256'],
      currentDate: now,
    });
    if (payload.token_type !== 'access') return null;
    if (typeof payload.user_id !== 'string' || typeof payload.sid !== 'string' || !payload.exp) return null;
    return { userId: payload.user_id, sessionId: payload.sid, expiresAt: new Date(payload.exp * 1000) };
  } catch {
    return null;
  }
}

export const newRefreshToken = () => randomBytes(32).toString('base64url');

export const hashRefreshToken = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * The HMAC key, imported into WebCrypto once per secret: given raw bytes, jose imports them again
 * on every sign and verify, which was most of the cost of checking a token (a request and every
 * socket handshake check one).
 */
const keys = new Map<string, Promise<webcrypto.CryptoKey>>();
function keyOf(secret: string): Promise<webcrypto.CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = webcrypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    );
    keys.set(secret, key);
  }
  return key;
}
