import type { AdminUser, Me, MiniUser, PublicProfile } from '@pixeli/contract';
import type { AppContext } from '../../context.js';
import { avatarUrl } from './avatar-keys.js';
import type { UserRow } from './repo.js';

/**
 * Rows to the original's JSON shapes (snake_case field names). Every shape with a person's picture
 * goes through `toMiniUser`, the one place a stored picture becomes a signed URL.
 */

export const toMiniUser = async (
  ctx: AppContext,
  u: Pick<UserRow, 'id' | 'username' | 'name' | 'profilePic'>,
): Promise<MiniUser> => ({
  id: u.id,
  username: u.username,
  name: u.name,
  profile_pic: await avatarUrl(ctx, u.profilePic),
});

/** Many people at once (lists of likers, members, search results). */
export const toMiniUsers = (
  ctx: AppContext,
  rows: Pick<UserRow, 'id' | 'username' | 'name' | 'profilePic'>[],
) => Promise.all(rows.map((u) => toMiniUser(ctx, u)));

export const toPublicProfile = async (ctx: AppContext, u: UserRow): Promise<PublicProfile> => ({
  ...(await toMiniUser(ctx, u)),
  bio: u.bio,
  batch: u.batch,
  department: u.department,
  role: u.role,
});

export interface ActivityCounts {
  photos_count: number;
  events_count: number;
  likes_count: number;
  downloads_count: number;
}

export const toMe = async (ctx: AppContext, u: UserRow, counts: ActivityCounts): Promise<Me> => ({
  ...(await toPublicProfile(ctx, u)),
  email: u.email,
  face_matching: u.faceMatching,
  ...counts,
});

export const toAdminUser = async (ctx: AppContext, u: UserRow): Promise<AdminUser> => ({
  ...(await toPublicProfile(ctx, u)),
  email: u.email,
  is_active: u.isActive,
  email_verified: u.emailVerifiedAt !== null,
  created_at: u.createdAt.toISOString(),
});
