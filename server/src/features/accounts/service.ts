/**
 * The accounts use cases: the one entry point for accounts' routes and for other features. The use
 * cases themselves live in smaller files (registration, sessions, password reset, profiles).
 */

export { AVATAR_FIELD, AVATAR_MAX_BYTES, removeAvatar, setAvatar } from './avatars.js';
export { changePassword, confirmPasswordReset, requestPasswordReset } from './password-reset.js';
export { getMe, getPublicProfile, searchUsers, updateMe } from './profiles.js';
export { resendVerification, signup, verifyEmail } from './registration.js';
export { endSignIn, login, logout, logoutEverywhere, refresh } from './sessions.js';
export { type SignInChange, signInsChanged } from './sign-in-cache.js';

// --- for other features ---------------------------------------------------------------------

/** Sharing limits the attempts at a share's password as sign-in limits a password. */
export { clearAccountLimit, enforceLimit } from './limits.js';
/** A share's password is hashed and checked as an account's is. */
export { hashPassword, verifyPassword } from './passwords.js';
/** Every query about users is in accounts' repo; these are the ones other features make. */
export {
  activeUsersByUsername,
  findUserById,
  findUserByUsername,
  findUsersByIds,
  listUsers,
  liveSessionKeys,
  revokeUserSessions,
  type UserRow,
  updateUser,
  userIdsNamed,
} from './repo.js';
/** A WebSocket signs in with the same access token as a request. */
export { verifyAccessToken } from './tokens.js';
/** Every write use case spends its account's allowance first (comments, likes, tags, uploads...). */
export { requireWriteAllowance, type WriteKind } from './write-limits.js';
