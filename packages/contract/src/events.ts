import { z } from 'zod';
import { MiniUser } from './accounts.js';
import { DateTimeInput, Timestamp, Uuid } from './common.js';

// The value lists are exported `as const` as well: the server's database enums are made from them,
// in this order (the order is the migrations').
export const ACCESS_LEVELS = ['PUB', 'IMG', 'PRV'] as const;
export const AccessLevel = z.enum(ACCESS_LEVELS);
export type AccessLevel = z.infer<typeof AccessLevel>;
export const MEMBER_ROLES = ['viewer', 'contributor'] as const;
export const MemberRole = z.enum(MEMBER_ROLES);
export type MemberRole = z.infer<typeof MemberRole>;
/** Who sees originals: `staff` (admins, coordinator, the photo's photographer), `members` too, or all `readers`. */
export const ORIGINAL_ACCESS_LEVELS = ['staff', 'members', 'readers'] as const;
export const OriginalAccess = z.enum(ORIGINAL_ACCESS_LEVELS);
export type OriginalAccess = z.infer<typeof OriginalAccess>;
/** The caller's relation to an event, so a client knows which tools to show. */
export const MyEventRole = z.enum(['admin', 'coordinator', 'contributor', 'viewer']).nullable();

const eventFields = {
  title: z.string().trim().min(1, 'This field may not be blank.').max(120),
  description: z.string().max(5000),
  read_perm: AccessLevel,
  write_perm: AccessLevel,
  starts_at: DateTimeInput.nullable(),
  ends_at: DateTimeInput.nullable(),
  location: z.string().trim().max(200),
  original_access: OriginalAccess,
  allow_download: z.boolean(),
  /** Whether every member may tag people in the event's photos (else only its staff). */
  members_can_tag: z.boolean(),
  watermark_text: z.string().trim().max(60).nullable(),
  /** Faces, people and find-me; off deletes the event's face data. */
  faces_enabled: z.boolean(),
  cover_photo: Uuid.nullable(),
};

const datesInOrder = (b: { starts_at?: string | null; ends_at?: string | null }) =>
  !b.starts_at || !b.ends_at || new Date(b.starts_at) <= new Date(b.ends_at);
const datesMessage = { message: 'The event cannot end before it starts.', path: ['ends_at'] };

export const EventCreateBody = z
  .object({ ...eventFields, cover_photo: eventFields.cover_photo.optional() })
  .partial()
  .required({ title: true })
  .refine(datesInOrder, datesMessage);
export type EventCreateBody = z.infer<typeof EventCreateBody>;

export const EventUpdateBody = z.object(eventFields).partial().refine(datesInOrder, datesMessage);
export type EventUpdateBody = z.infer<typeof EventUpdateBody>;

export const CoverPhoto = z
  .object({
    id: Uuid,
    thumbnail_url: z.string(),
    width: z.number().int().nullable(),
    height: z.number().int().nullable(),
    thumbhash: z.string().nullable(),
  })
  .meta({ id: 'CoverPhoto' });

/** The original's EventRead, plus what a polished event page needs. Counts cover only photos the caller may see. */
export const EventRead = z
  .object({
    id: Uuid,
    title: z.string(),
    description: z.string(),
    read_perm: AccessLevel,
    write_perm: AccessLevel,
    can_write: z.boolean(),
    can_manage: z.boolean(),
    my_role: MyEventRole,
    coordinator: MiniUser.nullable(),
    images_count: z.number().int(),
    members_count: z.number().int(),
    cover_photo: CoverPhoto.nullable(),
    starts_at: Timestamp.nullable(),
    ends_at: Timestamp.nullable(),
    location: z.string(),
    original_access: OriginalAccess,
    allow_download: z.boolean(),
    members_can_tag: z.boolean(),
    watermark_text: z.string().nullable(),
    faces_enabled: z.boolean(),
    created_at: Timestamp,
  })
  .meta({ id: 'EventRead' });
export type EventRead = z.infer<typeof EventRead>;

export const EventDeleteQuery = z.object({
  cascade: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .default(false),
});

export const EventMember = z
  .object({ user: MiniUser, role: MemberRole, joined_at: Timestamp })
  .meta({ id: 'EventMember' });
export type EventMember = z.infer<typeof EventMember>;

export const MemberAddBody = z.object({
  username: z.string().trim().min(1).max(150),
  role: MemberRole.default('viewer'),
});
export const MemberPatchBody = z.object({ role: MemberRole });

export const InviteCreateBody = z.object({
  role: MemberRole.default('viewer'),
  /** Hours until the link stops working (default a week, at most 90 days). */
  expires_in_hours: z
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(24 * 7),
  /** How many people may join with it; null for no limit. */
  max_uses: z.number().int().min(1).max(10_000).nullable().default(null),
});
export type InviteCreateBody = z.infer<typeof InviteCreateBody>;

export const InviteRead = z
  .object({
    id: Uuid,
    role: MemberRole,
    expires_at: Timestamp,
    max_uses: z.number().int().nullable(),
    uses: z.number().int(),
    revoked: z.boolean(),
    created_at: Timestamp,
  })
  .meta({ id: 'InviteRead' });

/** Returned once, at creation: the token is never shown again. */
export const InviteCreated = InviteRead.extend({ token: z.string(), url: z.string() });

/** What an invite link is for, shown before signing in. */
export const InvitePreview = z.object({
  event: z.object({
    id: Uuid,
    title: z.string(),
    description: z.string(),
    coordinator: MiniUser.nullable(),
    starts_at: Timestamp.nullable(),
    location: z.string(),
  }),
  role: MemberRole,
  expires_at: Timestamp,
});
