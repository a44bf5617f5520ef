import type { AppContext } from '../../context.js';
import type { Viewer } from '../../http/auth.js';
import { findActiveUserBySession } from './repo.js';
import { verifyAccessToken } from './tokens.js';

/** The viewer behind an access token: valid signature, unexpired, its sign-in live and the account active. */
export async function viewerForToken(ctx: AppContext, token: string): Promise<Viewer | undefined> {
  const now = ctx.clock.now();
  const claims = await verifyAccessToken(ctx.secret, token, now);
  if (!claims) return undefined;
  const user = await findActiveUserBySession(ctx.database.db, claims.sessionId, claims.userId, now);
  if (!user) return undefined;
  return { id: user.id, username: user.username, role: user.role, sessionId: claims.sessionId, user };
}
