import { z } from 'zod';
import { Timestamp, Uuid } from './common.js';

export const SITE_ROLES = ['admin', 'img', 'public'] as const;
export const SiteRole = z.enum(SITE_ROLES);
export type SiteRole = z.infer<typeof SiteRole>;

/** The original's Django UnicodeUsernameValidator: letters, digits and `@ . + - _`. */
export const Username = z
  .string()
  .trim()
  .min(1, 'This field may not be blank.')
  .max(150, 'Ensure this field has no more than 150 characters.')
  .regex(/^[\p{L}\p{N}_.@+-]+$/u, 'Enter a valid username. Letters, digits and @/./+/-/_ only.');

export const Email = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email('Enter a valid email address.'))
  .transform((e) => e.toLowerCase());

/** Length only here; the common-password check needs the server's list. */
export const NewPassword = z
  .string()
  .min(8, 'This password is too short. It must contain at least 8 characters.')
  .max(256, 'Ensure this field has no more than 256 characters.');

const Name = z.string().trim().min(1, 'This field may not be blank.').max(180);
const OtpCode = z
  .string()
  .trim()
  .regex(/^\d{6}$/, 'Enter the 6-digit code.');
/**
 * A profile picture is uploaded to `POST /api/auth/me/avatar/` as multipart/form-data, one image in
 * this field; the server crops it to a 256 px square WebP and answers `Me`, whose `profile_pic` is then
 * a signed URL that expires like a photo's. PATCH may still set an outside https URL instead.
 */
export const AVATAR_FIELD = 'avatar';
export const AVATAR_MAX_BYTES = 10 * 1024 * 1024;
export const AVATAR_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/avif'] as const;

const ProfilePic = z
  .url({ protocol: /^https?$/, error: 'Enter a valid URL.' })
  .max(500)
  .nullable();

export const SignupBody = z.object({
  username: Username,
  email: Email,
  password: NewPassword,
  name: Name,
  /** An event invite's token: what lets a person sign up when the server's `SIGNUP` is `invite`. */
  invite_token: z.string().trim().min(1).max(200).optional(),
});
export type SignupBody = z.infer<typeof SignupBody>;

export const SignupReply = z.object({
  id: Uuid,
  username: z.string(),
  email: z.string(),
  name: z.string(),
});

export const VerifyEmailBody = z.object({ email: Email, otp: OtpCode });
export type VerifyEmailBody = z.infer<typeof VerifyEmailBody>;

export const TokenPair = z.object({ access: z.string(), refresh: z.string() });
export type TokenPair = z.infer<typeof TokenPair>;

/**
 * The web app's sign-in: a sign-in route called with `X-Pixeli-Session: cookie` puts the refresh token
 * in an HttpOnly cookie, scoped to the session routes under SESSION_COOKIE_PATH, and leaves it out of
 * the JSON, so no script ever holds it. Without the header a sign-in answers the pair, as the original's.
 */
export const SESSION_MODE_HEADER = 'x-pixeli-session';
export const SESSION_COOKIE_NAME = 'pixeli_refresh';
export const SESSION_COOKIE_PATH = '/api/auth/session/';

/** The headers a sign-in route reads: only `cookie` is a session mode. */
export const SignInHeaders = z.object({
  [SESSION_MODE_HEADER]: z.literal('cookie').optional().meta({
    description: 'Send `cookie` to get the refresh token as an HttpOnly cookie instead of in the JSON.',
  }),
});

/** A sign-in's answer: `refresh` is absent when the refresh token went into the session cookie. */
export const SignInReply = z.object({
  access: z.string(),
  refresh: z.string().optional().meta({
    description: 'Absent when the request asked for the session cookie (X-Pixeli-Session: cookie).',
  }),
});
export type SignInReply = z.infer<typeof SignInReply>;

export const VerifyEmailReply = SignInReply.extend({ detail: z.string() });

/** What the cookie-session refresh answers: the refresh token itself travels only in the cookie. */
export const AccessReply = z.object({ access: z.string() });
export type AccessReply = z.infer<typeof AccessReply>;

export const EmailBody = z.object({ email: Email });
export type EmailBody = z.infer<typeof EmailBody>;

export const LoginBody = z.object({
  /** A username or an email address. */
  username: z.string().trim().min(1, 'This field may not be blank.').max(254),
  password: z.string().min(1, 'This field may not be blank.').max(256),
});
export type LoginBody = z.infer<typeof LoginBody>;

export const RefreshBody = z.object({ refresh: z.string().min(1).max(512) });
export type RefreshBody = z.infer<typeof RefreshBody>;

export const PasswordChangeBody = z.object({
  current_password: z.string().min(1).max(256),
  new_password: NewPassword,
});
export type PasswordChangeBody = z.infer<typeof PasswordChangeBody>;

export const PasswordResetConfirmBody = z.object({
  email: Email,
  otp: OtpCode,
  new_password: NewPassword,
});
export type PasswordResetConfirmBody = z.infer<typeof PasswordResetConfirmBody>;

/** PUT behaves as PATCH, as in the original (`partial=True`). */
export const ProfileUpdateBody = z
  .object({
    name: Name,
    profile_pic: ProfilePic,
    bio: z.string().max(2000).nullable(),
    batch: z.string().trim().max(32).nullable(),
    department: z.string().trim().max(120).nullable(),
    /** False opts out of face matching everywhere: links go, no match or suggestion names you. */
    face_matching: z.boolean(),
  })
  .partial();
export type ProfileUpdateBody = z.infer<typeof ProfileUpdateBody>;

export const MiniUser = z
  .object({
    id: Uuid,
    username: z.string(),
    name: z.string(),
    profile_pic: z.string().nullable(),
  })
  .meta({ id: 'MiniUser' });
export type MiniUser = z.infer<typeof MiniUser>;

export const PublicProfile = MiniUser.extend({
  bio: z.string().nullable(),
  batch: z.string().nullable(),
  department: z.string().nullable(),
  role: SiteRole,
}).meta({ id: 'PublicProfile' });
export type PublicProfile = z.infer<typeof PublicProfile>;

/** The original's UserSerializer, plus `role` so a client can show admin tools. */
export const Me = PublicProfile.extend({
  email: z.string(),
  face_matching: z.boolean(),
  photos_count: z.number().int(),
  events_count: z.number().int(),
  likes_count: z.number().int(),
  downloads_count: z.number().int(),
}).meta({ id: 'Me' });
export type Me = z.infer<typeof Me>;

export const UserSearchQuery = z.object({
  q: z.string().trim().max(150).default(''),
  l: z.coerce
    .number()
    .int()
    .min(1)
    .default(20)
    .transform((l) => Math.min(l, 50)),
});
export type UserSearchQuery = z.infer<typeof UserSearchQuery>;

export const AdminUser = PublicProfile.extend({
  email: z.string(),
  is_active: z.boolean(),
  email_verified: z.boolean(),
  created_at: Timestamp,
}).meta({ id: 'AdminUser' });
export type AdminUser = z.infer<typeof AdminUser>;

export const AdminUserListQuery = z.object({
  role: SiteRole.optional(),
  is_active: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});
export type AdminUserListQuery = z.infer<typeof AdminUserListQuery>;

export const AdminUserPatchBody = z
  .object({ role: SiteRole, is_active: z.boolean() })
  .partial()
  .refine((b) => b.role !== undefined || b.is_active !== undefined, {
    message: 'Give role, is_active or both.',
  });
export type AdminUserPatchBody = z.infer<typeof AdminUserPatchBody>;
