import type { AdminUserListQuery, AdminUserPatchBody } from '@pixeli/contract';
import { requireSiteAdmin } from '../../access/require.js';
import type { AppContext } from '../../context.js';
import { AppError, notFound } from '../../errors.js';
import type { Viewer } from '../../http/auth.js';
import { decodeTimeCursor } from '../../http/pagination.js';
import * as accounts from '../accounts/service.js';

/** Site administration: who is who, and who may sign in. */

export async function listUsers(ctx: AppContext, viewer: Viewer, query: AdminUserListQuery) {
  requireSiteAdmin(viewer);
  const after = decodeTimeCursor(query.cursor);
  // One row more than asked: its presence means there is a next page.
  return accounts.listUsers(ctx.database.db, {
    role: query.role,
    isActive: query.is_active,
    after,
    limit: query.limit + 1,
  });
}

export async function updateUser(ctx: AppContext, viewer: Viewer, userId: string, body: AdminUserPatchBody) {
  requireSiteAdmin(viewer);
  if (userId === viewer.id) {
    // Demoting or disabling yourself could leave the site with no administrator.
    throw new AppError(409, 'cannot_change_self', 'Administrators cannot change their own role or status.');
  }
  const db = ctx.database.db;
  const target = await accounts.findUserById(db, userId);
  if (!target) throw notFound('No such user.');
  const now = ctx.clock.now();
  const updated = await db.transaction(async (tx) => {
    const row = await accounts.updateUser(tx, userId, {
      role: body.role,
      isActive: body.is_active,
      // An administrator enabling an unverified account vouches for its email.
      emailVerifiedAt: body.is_active && !target.emailVerifiedAt ? now : undefined,
    });
    if (body.is_active === false) await accounts.revokeUserSessions(tx, userId, now);
    return row as accounts.UserRow;
  });
  // Their role or status applies to their next request, on every node.
  await accounts.signInsChanged(ctx, { userId });
  return updated;
}
