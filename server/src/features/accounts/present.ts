import type { AdminUser, Me, MiniUser, PublicProfile } from '@pixeli/contract';
import type { UserRow } from './repo.js';

/** Rows to the original's JSON shapes (snake_case field names). */

export const toMiniUser = (u: Pick<UserRow, 'id' | 'username' | 'name' | 'profilePic'>): MiniUser => ({
  id: u.id,
  username: u.username,
  name: u.name,
  profile_pic: u.profilePic,
});

export const toPublicProfile = (u: UserRow): PublicProfile => ({
  ...toMiniUser(u),
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

export const toMe = (u: UserRow, counts: ActivityCounts): Me => ({
  ...toPublicProfile(u),
  email: u.email,
  ...counts,
});

export const toAdminUser = (u: UserRow): AdminUser => ({
  ...toPublicProfile(u),
  email: u.email,
  is_active: u.isActive,
  email_verified: u.emailVerifiedAt !== null,
  created_at: u.createdAt.toISOString(),
});
