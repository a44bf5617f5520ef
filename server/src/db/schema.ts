import {
  ACCESS_LEVELS,
  ANALYSIS_STATES,
  MEMBER_ROLES,
  NOTIFICATION_TARGET_TYPES,
  NOTIFICATION_VERBS,
  ORIGINAL_ACCESS_LEVELS,
  PHOTO_STATUSES,
  SHARE_PERMS,
  SHARE_VARIANTS,
  SITE_ROLES,
} from '@pixeli/contract';
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  bigserial,
  boolean,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

/** Who may read or write: any signed-in user, img (club) members, or the event's own people. */
// The contract holds every enum shared with clients; the order of its values is the migrations'.
export const accessLevel = pgEnum('access_level', ACCESS_LEVELS);
export const sharePerm = pgEnum('share_perm', SHARE_PERMS);
export const photoStatus = pgEnum('photo_status', PHOTO_STATUSES);
export const memberRole = pgEnum('member_role', MEMBER_ROLES);
/** Who sees original files: staff (admins, coordinator, the photographer), members too, or every reader. */
export const originalAccess = pgEnum('original_access', ORIGINAL_ACCESS_LEVELS);

/** How far a photo's analysis (faces, auto tags) got; separate from its status, so it never blocks the gallery. */
export const analysisState = pgEnum('analysis_state', ANALYSIS_STATES);

/**
 * Raw bytes. Face embeddings are stored as Float32 little-endian: reading 1,024 floats from bytes
 * is a copy, while parsing a real[] of them per face was most of a find-me's time.
 */
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

/** PostgreSQL's full-text document type; only ever written by PostgreSQL (generated columns). */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

export const siteRole = pgEnum('site_role', SITE_ROLES);
export const otpPurpose = pgEnum('otp_purpose', ['email_verification', 'password_reset']);

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    username: text('username').notNull(),
    /** Stored lower-cased; unique. */
    email: text('email').notNull(),
    passwordHash: text('password_hash').notNull(),
    name: text('name').notNull(),
    profilePic: text('profile_pic'),
    bio: text('bio'),
    batch: text('batch'),
    department: text('department'),
    role: siteRole('role').notNull().default('public'),
    /** False when the person opted out of face matching: never linked to a face, matched or suggested. */
    faceMatching: boolean('face_matching').notNull().default(true),
    /** False until the email is verified, and whenever an admin disables the account. */
    isActive: boolean('is_active').notNull().default(false),
    emailVerifiedAt: timestamp('email_verified_at', { withTimezone: true }),
    /**
     * Username and name lower-cased and without accents, what the unified search matches people on
     * ("jose muller" finds José Müller), kept by PostgreSQL so no query unaccents 2,000 names.
     */
    searchText: text('search_text').generatedAlwaysAs(
      sql`pixeli_unaccent(lower("username") || ' ' || lower("name"))`,
    ),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // "Alice" and "alice" are one person: usernames are unique without regard to case.
    uniqueIndex('users_username_lower_key').on(sql`lower(${t.username})`),
    uniqueIndex('users_email_key').on(t.email),
    index('users_created_at_idx').on(t.createdAt, t.id),
    // Unified search: "who is mar…" and "lopz" (a typo) both find people by trigrams.
    index('users_search_trgm_idx').using('gin', sql`${t.searchText} gin_trgm_ops`),
  ],
);

/** One row per sign-in (a device); revoking it ends its access and refresh tokens. */
export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** Refresh tokens are single-use: each refresh marks its token used and issues the next one. */
export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    /** sha256 of the opaque token; the token itself is never stored. */
    tokenHash: text('token_hash').primaryKey(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('refresh_tokens_session_idx').on(t.sessionId)],
);

export const emailOtps = pgTable(
  'email_otps',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    purpose: otpPurpose('purpose').notNull(),
    /** HMAC of the code under the server secret; compared in constant time. */
    codeHash: text('code_hash').notNull(),
    attempts: integer('attempts').notNull().default(0),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('email_otps_user_purpose_idx').on(t.userId, t.purpose)],
);

export const events = pgTable(
  'events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    /** The creator; kept as null if their account is deleted (admins still manage the event). */
    coordinatorId: uuid('coordinator_id').references(() => users.id, { onDelete: 'set null' }),
    readPerm: accessLevel('read_perm').notNull().default('PUB'),
    writePerm: accessLevel('write_perm').notNull().default('PUB'),
    startsAt: timestamp('starts_at', { withTimezone: true }),
    endsAt: timestamp('ends_at', { withTimezone: true }),
    location: text('location').notNull().default(''),
    /** A chosen cover; when null (or not visible to the viewer) the earliest visible photo is used. */
    coverPhotoId: uuid('cover_photo_id').references((): AnyPgColumn => photos.id, { onDelete: 'set null' }),
    originalAccess: originalAccess('original_access').notNull().default('staff'),
    allowDownload: boolean('allow_download').notNull().default(true),
    /** When true, every member of the event may tag people in its photos, not only its staff. */
    membersCanTag: boolean('members_can_tag').notNull().default(false),
    watermarkText: text('watermark_text'),
    /** Face features (people, find-me, suggestions); turning them off deletes the event's face data. */
    facesEnabled: boolean('faces_enabled').notNull().default(true),
    /** Title, location and description for the unified search, kept by PostgreSQL (as photos'). */
    searchDocument: tsvector('search_document').generatedAlwaysAs(
      sql`pixeli_event_document("title", "location", "description")`,
    ),
    /** The title lower-cased and without accents, for trigram matching ("fete lodx" finds "Fête à Łódź"). */
    searchTitle: text('search_title').generatedAlwaysAs(sql`pixeli_unaccent(lower("title"))`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('events_created_at_idx').on(t.createdAt, t.id),
    index('events_coordinator_idx').on(t.coordinatorId),
    // Unified search: words by prefix (full text), and titles by trigram for typos.
    index('events_search_document_idx').using('gin', t.searchDocument),
    index('events_title_trgm_idx').using('gin', sql`${t.searchTitle} gin_trgm_ops`),
  ],
);

export const eventMembers = pgTable(
  'event_members',
  {
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: memberRole('role').notNull().default('viewer'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.userId] }), index('event_members_user_idx').on(t.userId)],
);

export const eventInvites = pgTable(
  'event_invites',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    /** sha256 of the link token; the token itself is shown once, to its creator. */
    tokenHash: text('token_hash').notNull(),
    role: memberRole('role').notNull().default('viewer'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    maxUses: integer('max_uses'),
    uses: integer('uses').notNull().default(0),
    createdById: uuid('created_by_id').references(() => users.id, { onDelete: 'set null' }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('event_invites_token_key').on(t.tokenHash),
    index('event_invites_event_idx').on(t.eventId),
  ],
);

export const photos = pgTable(
  'photos',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'restrict' }),
    photographerId: uuid('photographer_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** When the photo was taken: the uploader's value, else EXIF, else the upload time. */
    timestamp: timestamp('timestamp', { withTimezone: true }).notNull().defaultNow(),
    timestampFromClient: boolean('timestamp_from_client').notNull().default(false),
    caption: text('caption').notNull().default(''),
    userTags: text('user_tags').array().notNull().default(sql`'{}'::text[]`),
    autoTags: text('auto_tags').array().notNull().default(sql`'{}'::text[]`),
    /** Each auto tag's score (tag -> 0..1); `auto_tags` keeps the original's plain list. */
    autoTagScores: jsonb('auto_tag_scores').$type<Record<string, number>>().notNull().default({}),
    analysisState: analysisState('analysis_state').notNull().default('pending'),
    analysisError: text('analysis_error'),
    /**
     * The photo's own words (tags, caption) for the unified search, kept by PostgreSQL itself.
     * Stored rather than only indexed: search walks photos newest first and tests each against the
     * query, and computing the document per row cost ~150 µs against ~1 µs to read it.
     */
    searchDocument: tsvector('search_document').generatedAlwaysAs(
      sql`pixeli_photo_document("caption", "user_tags", "auto_tags")`,
    ),
    meta: jsonb('meta').$type<Record<string, unknown>>().notNull().default({}),
    status: photoStatus('status').notNull().default('PE'),
    processingError: text('processing_error'),
    readPerm: accessLevel('read_perm').notNull().default('PUB'),
    sharePerm: sharePerm('share_perm').notNull().default('OR'),
    downloads: bigint('downloads', { mode: 'number' }).notNull().default(0),
    views: bigint('views', { mode: 'number' }).notNull().default(0),
    /**
     * How many rows of `likes` point here, so a page reads its counts off its own rows instead of
     * counting likes. Kept by PostgreSQL itself: triggers on `likes` (migration 0011) move it in
     * the statement that inserts or deletes likes, whoever runs it (a like, seed-demo, a cascade).
     */
    likeCount: integer('like_count').notNull().default(0),
    width: integer('width'),
    height: integer('height'),
    thumbhash: text('thumbhash'),
    /** sha256 of the original bytes: the same file twice in one event is a duplicate. */
    checksum: text('checksum').notNull(),
    originalType: text('original_type').notNull(),
    originalSize: bigint('original_size', { mode: 'number' }).notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('photos_event_checksum_key').on(t.eventId, t.checksum),
    // An event's photos in order, with what the access filter reads after the key: counting the
    // photos a viewer may see in an event, or finding its first visible one, never visits the table
    // (an index-only scan; 3.7 -> 2.2 ms for six events of ~500 photos).
    index('photos_event_timestamp_idx').on(
      t.eventId,
      t.timestamp,
      t.id,
      t.status,
      t.readPerm,
      t.photographerId,
    ),
    index('photos_created_at_idx').on(t.createdAt, t.id),
    index('photos_photographer_idx').on(t.photographerId, t.createdAt),
    // Every timeline ordered by when photos were taken across events (photo search, search by a
    // photographer) walks these newest first instead of sorting what it found.
    index('photos_taken_idx').on(t.timestamp, t.id),
    index('photos_photographer_taken_idx').on(t.photographerId, t.timestamp),
    index('photos_status_idx').on(t.status),
    index('photos_user_tags_idx').using('gin', t.userTags),
    index('photos_auto_tags_idx').using('gin', t.autoTags),
    // Unified search over the photo's own words (tags and caption); see migrations 0005 and 0006.
    index('photos_search_document_idx').using('gin', t.searchDocument),
  ],
);

/** People tagged in a photo; they may see it wherever it is. */
/**
 * How many photos each event holds, kept by a trigger on `photos` (migration 0011): all of them, and
 * the completed ones at each read level. An events list shows each event's count of the photos
 * the viewer may see; counting them row by row read every photo of every listed event (82 ms of
 * PostgreSQL per request at 200,000 photos). The list now reads these and adds the viewer's own
 * few exceptions (their photos, photos they are tagged in) from their indexes.
 */
export const eventPhotoCounts = pgTable('event_photo_counts', {
  eventId: uuid('event_id')
    .primaryKey()
    .references(() => events.id, { onDelete: 'cascade' }),
  photos: integer('photos').notNull().default(0),
  completedPublic: integer('completed_public').notNull().default(0),
  completedImg: integer('completed_img').notNull().default(0),
});

export const photoTags = pgTable(
  'photo_tags',
  {
    photoId: uuid('photo_id')
      .notNull()
      .references(() => photos.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    taggedById: uuid('tagged_by_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.photoId, t.userId] }), index('photo_tags_user_idx').on(t.userId)],
);

/** One row per viewer and day: `views` counts people, not page loads. */
export const photoViews = pgTable(
  'photo_views',
  {
    photoId: uuid('photo_id')
      .notNull()
      .references(() => photos.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    day: date('day').notNull(),
  },
  (t) => [primaryKey({ columns: [t.photoId, t.userId, t.day] })],
);

/** One like per person and photo. */
export const likes = pgTable(
  'likes',
  {
    photoId: uuid('photo_id')
      .notNull()
      .references(() => photos.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.photoId, t.userId] }), index('likes_user_idx').on(t.userId)],
);

/**
 * Comments with one tier of replies: a reply points at its top-level comment (`parent_id`) and
 * remembers the comment it answers (`in_reply_to_id`), so a reply to a reply stays in the same
 * thread. A deleted comment that has replies stays as a placeholder so the thread still reads.
 */
export const comments = pgTable(
  'comments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    photoId: uuid('photo_id')
      .notNull()
      .references(() => photos.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    parentId: uuid('parent_id').references((): AnyPgColumn => comments.id, { onDelete: 'cascade' }),
    inReplyToId: uuid('in_reply_to_id').references((): AnyPgColumn => comments.id, { onDelete: 'set null' }),
    content: text('content').notNull(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    editedAt: timestamp('edited_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('comments_photo_idx').on(t.photoId, t.createdAt),
    index('comments_parent_idx').on(t.parentId, t.createdAt),
  ],
);

export const notificationVerb = pgEnum('notification_verb', NOTIFICATION_VERBS);
export const notificationTarget = pgEnum('notification_target', NOTIFICATION_TARGET_TYPES);

/**
 * One row per (recipient, verb, target) within the aggregation window: a second like on the same
 * photo bumps the row (count, latest actors, unread, to the top) instead of adding one. Rows about
 * a photo or comment go with it (foreign keys), so nothing dangles.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    recipientId: uuid('recipient_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    verb: notificationVerb('verb').notNull(),
    targetType: notificationTarget('target_type').notNull(),
    targetId: uuid('target_id').notNull(),
    photoId: uuid('photo_id').references(() => photos.id, { onDelete: 'cascade' }),
    commentId: uuid('comment_id').references(() => comments.id, { onDelete: 'cascade' }),
    eventId: uuid('event_id').references(() => events.id, { onDelete: 'cascade' }),
    /** Newest first, at most a few: "Ada, Bob and 3 others liked your photo". */
    actorIds: uuid('actor_ids').array().notNull().default(sql`'{}'::uuid[]`),
    count: integer('count').notNull().default(1),
    read: boolean('read').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('notifications_recipient_idx').on(t.recipientId, t.updatedAt),
    index('notifications_merge_idx').on(t.recipientId, t.verb, t.targetId, t.updatedAt),
  ],
);

export const shareVariant = pgEnum('share_variant', SHARE_VARIANTS);

/** Timed links to one photo that work without an account. Only the token's hash is stored. */
export const photoShares = pgTable(
  'photo_shares',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tokenHash: text('token_hash').notNull(),
    photoId: uuid('photo_id')
      .notNull()
      .references(() => photos.id, { onDelete: 'cascade' }),
    createdById: uuid('created_by_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    variant: shareVariant('variant').notNull().default('W'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    passwordHash: text('password_hash'),
    opens: integer('opens').notNull().default(0),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('photo_shares_token_key').on(t.tokenHash),
    index('photo_shares_creator_idx').on(t.createdById, t.createdAt),
    // A photo's links, newest first (its staff list them), and the cascade when a photo goes.
    index('photo_shares_photo_idx').on(t.photoId, t.createdAt),
  ],
);

/**
 * The people of an event: faces clustered as photos arrive. `centroid` is the running mean of its
 * faces' embeddings, re-normalised (Float32 LE); `user_id` the account it was linked to, if any.
 */
export const people = pgTable(
  'people',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    centroid: bytea('centroid').notNull(),
    faceCount: integer('face_count').notNull().default(0),
    /** The face shown for this person: their best one so far. */
    coverFaceId: uuid('cover_face_id').references((): AnyPgColumn => faces.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('people_event_idx').on(t.eventId),
    // One person per account and event: linking a second cluster to the same account is refused.
    uniqueIndex('people_event_user_key').on(t.eventId, t.userId).where(sql`${t.userId} is not null`),
    index('people_user_idx').on(t.userId),
  ],
);

/** Faces found in photos: where (fractions of the image), how sure, and the embedding. */
export const faces = pgTable(
  'faces',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    photoId: uuid('photo_id')
      .notNull()
      .references(() => photos.id, { onDelete: 'cascade' }),
    eventId: uuid('event_id').notNull(),
    boxX: real('box_x').notNull(),
    boxY: real('box_y').notNull(),
    boxWidth: real('box_width').notNull(),
    boxHeight: real('box_height').notNull(),
    score: real('score').notNull(),
    quality: real('quality').notNull(),
    embedding: bytea('embedding').notNull(),
    personId: uuid('person_id').references((): AnyPgColumn => people.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    index('faces_photo_idx').on(t.photoId),
    index('faces_person_idx').on(t.personId, t.photoId),
    index('faces_event_idx').on(t.eventId),
  ],
);

/**
 * A photo's CLIP image embedding (unit Float32, little-endian bytes), when CLIP is configured. `model`
 * names the weights that made it: the search compares only embeddings of the model it runs.
 * Deleted with its photo.
 */
export const photoEmbeddings = pgTable('photo_embeddings', {
  photoId: uuid('photo_id')
    .primaryKey()
    .references(() => photos.id, { onDelete: 'cascade' }),
  model: text('model').notNull(),
  embedding: bytea('embedding').notNull(),
  createdAt: createdAt(),
});
