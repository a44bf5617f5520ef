import { z } from 'zod';
import { MiniUser } from './accounts.js';
import { PhotoFace } from './ml.js';
import { DateTimeInput, IsoDate, ListLimit, ListQuery, Timestamp, Uuid } from './common.js';
import { AccessLevel } from './events.js';

export const SHARE_PERMS = ['AN', 'OR', 'DI'] as const;
export const SharePerm = z.enum(SHARE_PERMS);
export type SharePerm = z.infer<typeof SharePerm>;
/** Pending, Processing, Completed, Failed. */
export const PHOTO_STATUSES = ['PE', 'PR', 'CO', 'FA'] as const;
export const PhotoStatus = z.enum(PHOTO_STATUSES);
export type PhotoStatus = z.infer<typeof PhotoStatus>;

const Tag = z.string().trim().min(1).max(50);
const UserTags = z.array(Tag).max(30);

/** The optional fields an uploader may send with each file (the original's PhotoWrite fields). */
export const PhotoUploadFields = z.object({
  read_perm: AccessLevel.optional(),
  share_perm: SharePerm.optional(),
  timestamp: DateTimeInput.optional(),
  user_tags: UserTags.optional(),
  tagged_usernames: z.array(z.string().trim().min(1).max(150)).max(50).optional(),
  caption: z.string().max(2000).optional(),
});
export type PhotoUploadFields = z.infer<typeof PhotoUploadFields>;

/** One entry of the bulk upload's `metadata` JSON list, matched to a file by `client_id` (its file name). */
export const BulkUploadEntry = PhotoUploadFields.extend({ client_id: z.string().min(1).max(200) });
export type BulkUploadEntry = z.infer<typeof BulkUploadEntry>;

export const BulkUploadResult = z.object({
  client_id: z.string(),
  photo_id: Uuid.nullable(),
  status: z.enum(['created', 'duplicate', 'error']),
  error: z.union([z.string(), z.record(z.string(), z.array(z.string()))]).nullable(),
});
export const BulkUploadReply = z
  .object({ results: z.array(BulkUploadResult) })
  .meta({ id: 'BulkUploadReply' });

/** A grid tile: the original's PhotoList plus what a smooth gallery needs (status, placeholder). */
export const PhotoList = z
  .object({
    id: Uuid,
    event: Uuid,
    timestamp: Timestamp,
    photographer: MiniUser,
    thumbnail_url: z.string().nullable(),
    thumbhash: z.string().nullable(),
    width: z.number().int().nullable(),
    height: z.number().int().nullable(),
    status: PhotoStatus,
    likes_count: z.number().int(),
    is_liked: z.boolean(),
    can_edit: z.boolean(),
    can_delete: z.boolean(),
    can_share: z.boolean(),
  })
  .meta({ id: 'PhotoList' });
export type PhotoList = z.infer<typeof PhotoList>;

export const PhotoMeta = z.record(z.string(), z.unknown());

/** The original's PhotoRead plus status, placeholder, event title and the variant URLs this viewer may have. */
export const PhotoRead = PhotoList.extend({
  event_title: z.string(),
  meta: PhotoMeta,
  tagged_users: z.array(MiniUser),
  read_perm: AccessLevel,
  share_perm: SharePerm,
  caption: z.string(),
  user_tags: z.array(z.string()),
  auto_tags: z.array(z.string()),
  watermarked_url: z.string().nullable(),
  /** The clean preview and the original: only for viewers the event allows originals. */
  preview_url: z.string().nullable(),
  original_url: z.string().nullable(),
  can_download: z.boolean(),
  processing_error: z.string().nullable(),
  /** Only for the photographer and admins, as in the original. */
  downloads: z.number().int().optional(),
  views: z.number().int().optional(),
  created_at: Timestamp,
  /** The faces found in it; `user` only where the person is linked and has not opted out. */
  faces: z.array(PhotoFace),
  /** Accounts whose face is in it but who are not tagged yet: offered to whoever may tag. */
  tag_suggestions: z.array(MiniUser),
}).meta({ id: 'PhotoRead' });
export type PhotoRead = z.infer<typeof PhotoRead>;

export const PhotoPatchBody = z
  .object({
    event: Uuid,
    read_perm: AccessLevel,
    share_perm: SharePerm,
    timestamp: DateTimeInput,
    user_tags: UserTags,
    caption: z.string().max(2000),
  })
  .partial();
export type PhotoPatchBody = z.infer<typeof PhotoPatchBody>;

export const DownloadQuery = z.object({
  variant: z.enum(['original', 'watermarked']).default('watermarked'),
});

const repeated = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(item).max(20));

export const PhotoSearchQuery = z
  .object({
    event_name: z.string().trim().max(120).optional(),
    date_from: DateTimeInput.or(IsoDate).optional(),
    date_to: DateTimeInput.or(IsoDate).optional(),
    photographer_id: Uuid.optional(),
    photographer_name: z.string().trim().max(150).optional(),
    tags: repeated(z.string().trim().max(50)).transform((tags) => tags.filter(Boolean)),
    tags_mode: z.enum(['any', 'all']).default('any'),
    read_perm: AccessLevel.optional(),
    status: z.preprocess(
      (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
      z.array(PhotoStatus).max(4),
    ),
    /** Absent: the server's `LIST_LIMIT_DEFAULT` (the original client never pages). */
    limit: ListLimit.optional(),
    cursor: z.string().max(500).optional(),
  })
  .refine((q) => !q.date_from || !q.date_to || new Date(q.date_from) <= new Date(q.date_to), {
    message: 'date_from must not be after date_to.',
    path: ['date_from'],
  });
export type PhotoSearchQuery = z.infer<typeof PhotoSearchQuery>;

/**
 * The original's search answer, a DRF page: `count` is how many photos match in all (counted up to
 * `SEARCH_COUNT_AT_MOST`, which it then says), `next` the URL of the next page (the same search
 * with a `cursor`), `previous` always null (pages are followed forwards only).
 */
export const SEARCH_COUNT_AT_MOST = 1000;
export const PhotoSearchPage = z
  .object({
    count: z.number().int(),
    next: z.string().nullable(),
    previous: z.string().nullable(),
    results: z.array(PhotoList),
  })
  .meta({ id: 'PhotoSearchPage' });
export type PhotoSearchPage = z.infer<typeof PhotoSearchPage>;

/** An event's gallery: a page, optionally only the photos one person of the event appears in. */
export const EventPhotosQuery = ListQuery.extend({ person: Uuid.optional() });
export type EventPhotosQuery = z.infer<typeof EventPhotosQuery>;
