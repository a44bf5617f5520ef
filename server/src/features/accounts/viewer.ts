import type { AppContext } from '../../context.js';
import type { Viewer } from '../../http/auth.js';
import { liveSignIn } from './sign-in-cache.js';
import { verifyAccessToken } from './tokens.js';

/** The viewer behind an access token: valid signature, unexpired, its sign-in live and the account active. */
export async function viewerForToken(ctx: AppContext, token: string): Promise<Viewer | undefined> {
  const now = ctx.clock.now();
  const claims = await verifyAccessToken(ctx.secret, token, now);
  if (!claims) return undefined;
  return liveSignIn(ctx, claims.sessionId, claims.userId);
}
