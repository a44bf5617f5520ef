import type { LoginBody, TokenPair } from '@pixeli/contract';
import type { AppContext } from '../../context.js';
import type { DbOrTx } from '../../db/client.js';
import { AppError, tokenInvalid } from '../../errors.js';
import { clearAccountLimit, enforceLimit } from './limits.js';
import { spendPasswordCheck, verifyPassword } from './passwords.js';
import * as repo from './repo.js';
import { signInsChanged } from './sign-in-cache.js';
import { hashRefreshToken, newRefreshToken, signAccessToken } from './tokens.js';

/**
 * Sign-ins. Each one is a session row; its refresh tokens form a chain where each token is good for
 * one refresh. Presenting a token that was already used means it was copied: the whole sign-in ends.
 */

const addSeconds = (date: Date, s: number) => new Date(date.getTime() + s * 1000);

export async function startSession(
  ctx: AppContext,
  db: DbOrTx,
  userId: string,
  userAgent: string | null,
): Promise<TokenPair> {
  const now = ctx.clock.now();
  const session = await repo.insertSession(db, {
    userId,
    userAgent: userAgent?.slice(0, 300) ?? null,
    expiresAt: addSeconds(now, ctx.config.REFRESH_TOKEN_TTL_S),
  });
  return issuePair(ctx, db, userId, session.id);
}

async function issuePair(ctx: AppContext, db: DbOrTx, userId: string, sessionId: string): Promise<TokenPair> {
  const now = ctx.clock.now();
  const refresh = newRefreshToken();
  await repo.insertRefreshToken(db, {
    tokenHash: hashRefreshToken(refresh),
    sessionId,
    expiresAt: addSeconds(now, ctx.config.REFRESH_TOKEN_TTL_S),
  });
  const access = await signAccessToken(ctx.secret, { userId, sessionId }, now, ctx.config.ACCESS_TOKEN_TTL_S);
  return { access, refresh };
}

const badCredentials = () =>
  new AppError(401, 'no_active_account', 'No active account found with the given credentials');

/** One answer for an unknown login, a wrong password and an account that is not active. */
export async function login(ctx: AppContext, body: LoginBody, ip: string, userAgent: string | null) {
  await enforceLimit(ctx, 'login', ip, body.username);
  const user = await repo.findUserByLogin(ctx.database.db, body.username);
  if (!user) {
    await spendPasswordCheck(body.password);
    throw badCredentials();
  }
  const passwordOk = await verifyPassword(user.passwordHash, body.password);
  if (!passwordOk || !user.isActive) throw badCredentials();
  await clearAccountLimit(ctx, 'login', body.username);
  return startSession(ctx, ctx.database.db, user.id, userAgent);
}

export async function refresh(ctx: AppContext, refreshToken: string): Promise<TokenPair> {
  const db = ctx.database.db;
  const now = ctx.clock.now();
  const tokenHash = hashRefreshToken(refreshToken);
  const found = await repo.findRefreshToken(db, tokenHash);
  if (!found) throw tokenInvalid();
  const { token, session } = found;
  if (session.revokedAt || session.expiresAt <= now || token.expiresAt <= now) throw tokenInvalid();
  if (token.usedAt || !(await repo.markRefreshTokenUsed(db, tokenHash, now))) {
    // Reuse of a rotated token: someone holds a copy. End the sign-in for both holders.
    await repo.revokeSession(db, session.id, now);
    await signInsChanged(ctx, { sessionId: session.id });
    ctx.log.warn({ sessionId: session.id }, 'refresh token reused; sign-in revoked');
    throw tokenInvalid();
  }
  const user = await repo.findUserById(db, session.userId);
  if (!user?.isActive) throw tokenInvalid();
  await repo.touchSession(db, session.id, now);
  return issuePair(ctx, db, session.userId, session.id);
}

/** Ends the sign-in a refresh token belongs to. Unknown tokens are ignored: the result is the same. */
export async function logout(ctx: AppContext, refreshToken: string) {
  const found = await repo.findRefreshToken(ctx.database.db, hashRefreshToken(refreshToken));
  if (!found) return;
  await repo.revokeSession(ctx.database.db, found.session.id, ctx.clock.now());
  await signInsChanged(ctx, { sessionId: found.session.id });
}

/** Ends one sign-in, named by its id (the session an access token belongs to). */
export async function endSignIn(ctx: AppContext, sessionId: string) {
  await repo.revokeSession(ctx.database.db, sessionId, ctx.clock.now());
  await signInsChanged(ctx, { sessionId });
}

export async function logoutEverywhere(ctx: AppContext, userId: string) {
  await repo.revokeUserSessions(ctx.database.db, userId, ctx.clock.now());
  await signInsChanged(ctx, { userId });
}
