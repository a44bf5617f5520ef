import type { ProfileUpdateBody, UserSearchQuery } from '@pixeli/contract';
import type { AppContext } from '../../context.js';
import { notFound } from '../../errors.js';
import type { Viewer } from '../../http/auth.js';
import { deleteReplacedAvatar } from './avatar-keys.js';
import { type ActivityCounts, toMe, toMiniUsers, toPublicProfile } from './present.js';
import * as repo from './repo.js';
import { signInsChanged } from './sign-in-cache.js';

/** A person's own profile, other people's public profiles, and finding people by name. */

/**
 * The profile counters of the original's UserSerializer. Photos, events and likes arrive with the
 * events-and-media work; until those tables exist, nobody has any.
 */
async function activityCounts(_ctx: AppContext, _userId: string): Promise<ActivityCounts> {
  return { photos_count: 0, events_count: 0, likes_count: 0, downloads_count: 0 };
}

export async function getMe(ctx: AppContext, viewer: Viewer) {
  return toMe(ctx, viewer.user, await activityCounts(ctx, viewer.id));
}

export async function updateMe(ctx: AppContext, viewer: Viewer, body: ProfileUpdateBody) {
  const changes = {
    name: body.name,
    profilePic: body.profile_pic,
    bio: body.bio,
    batch: body.batch,
    department: body.department,
    faceMatching: body.face_matching,
  };
  const definedChanges = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
  const user =
    Object.keys(definedChanges).length > 0
      ? ((await repo.updateUser(ctx.database.db, viewer.id, definedChanges)) ?? viewer.user)
      : viewer.user;
  if (user !== viewer.user) await signInsChanged(ctx, { userId: viewer.id });
  // An outside URL (or null) typed over an uploaded picture: that picture's file is no longer anyone's.
  if (body.profile_pic !== undefined)
    await deleteReplacedAvatar(ctx, viewer.user.profilePic, user.profilePic);
  return toMe(ctx, user, await activityCounts(ctx, viewer.id));
}

export async function searchUsers(ctx: AppContext, query: UserSearchQuery) {
  if (query.q === '') return [];
  const rows = await repo.searchActiveUsers(ctx.database.db, query.q, query.l);
  return toMiniUsers(ctx, rows);
}

export async function getPublicProfile(ctx: AppContext, username: string) {
  const user = await repo.findUserByUsername(ctx.database.db, username);
  if (!user?.isActive) throw notFound('No such user.');
  return toPublicProfile(ctx, user);
}
