import type { Columns } from './bulk-insert.js';
import type { DemoEvent } from './events.js';
import type { DemoUser } from './people.js';
import type { DemoComment, DemoLike, DemoPhoto, DemoPhotoTag } from './photos.js';

/** Each table's columns as the bulk insert takes them: name -> [type, value of a demo row]. */

export const userColumns = (passwordHash: string): Columns<DemoUser> => ({
  id: ['uuid', (u) => u.id],
  username: ['text', (u) => u.username],
  email: ['text', (u) => u.email],
  password_hash: ['text', () => passwordHash],
  name: ['text', (u) => u.name],
  bio: ['text', (u) => u.bio],
  batch: ['text', (u) => u.batch],
  department: ['text', (u) => u.department],
  role: ['site_role', (u) => u.role],
  // Active and verified, as if each had confirmed the emailed code.
  is_active: ['boolean', () => true],
  email_verified_at: ['timestamptz', (u) => u.createdAt],
  created_at: ['timestamptz', (u) => u.createdAt],
  updated_at: ['timestamptz', (u) => u.createdAt],
});

export const eventColumns: Columns<DemoEvent> = {
  id: ['uuid', (e) => e.id],
  title: ['text', (e) => e.title],
  description: ['text', (e) => e.description],
  coordinator_id: ['uuid', (e) => e.coordinatorId],
  read_perm: ['access_level', (e) => e.readPerm],
  write_perm: ['access_level', (e) => e.writePerm],
  starts_at: ['timestamptz', (e) => e.startsAt],
  ends_at: ['timestamptz', (e) => e.endsAt],
  location: ['text', (e) => e.location],
  original_access: ['original_access', (e) => e.originalAccess],
  allow_download: ['boolean', (e) => e.allowDownload],
  watermark_text: ['text', (e) => e.watermarkText],
  created_at: ['timestamptz', (e) => e.createdAt],
  updated_at: ['timestamptz', (e) => e.createdAt],
};

export type MemberRow = { eventId: string; userId: string; role: string; createdAt: Date };

export const memberRows = (events: DemoEvent[]): MemberRow[] =>
  events.flatMap((e) => e.members.map((m) => ({ ...m, eventId: e.id, createdAt: e.createdAt })));

export const memberColumns: Columns<MemberRow> = {
  event_id: ['uuid', (m) => m.eventId],
  user_id: ['uuid', (m) => m.userId],
  role: ['member_role', (m) => m.role],
  created_at: ['timestamptz', (m) => m.createdAt],
};

export const photoColumns: Columns<DemoPhoto> = {
  id: ['uuid', (p) => p.id],
  event_id: ['uuid', (p) => p.eventId],
  photographer_id: ['uuid', (p) => p.photographerId],
  timestamp: ['timestamptz', (p) => p.timestamp],
  caption: ['text', (p) => p.caption],
  user_tags: ['text[]', (p) => p.userTags],
  meta: ['jsonb', (p) => p.meta],
  // Processed, as far as the database knows; files exist only with `--images`.
  status: ['photo_status', () => 'CO'],
  // Not analysed: the generated pictures hold no faces, and without `--images` there is nothing to
  // read. `pixeli analyse` takes them on if wanted.
  analysis_state: ['analysis_state', () => 'off'],
  read_perm: ['access_level', (p) => p.readPerm],
  share_perm: ['share_perm', (p) => p.sharePerm],
  views: ['bigint', (p) => p.views],
  downloads: ['bigint', (p) => p.downloads],
  width: ['int', (p) => p.width],
  height: ['int', (p) => p.height],
  checksum: ['text', (p) => p.checksum],
  thumbhash: ['text', (p) => p.thumbhash],
  original_type: ['text', () => 'image/jpeg'],
  original_size: ['bigint', (p) => p.originalSize],
  created_at: ['timestamptz', (p) => p.createdAt],
  updated_at: ['timestamptz', (p) => p.createdAt],
};

export const photoTagColumns: Columns<DemoPhotoTag> = {
  photo_id: ['uuid', (t) => t.photoId],
  user_id: ['uuid', (t) => t.userId],
  tagged_by_id: ['uuid', (t) => t.taggedById],
  created_at: ['timestamptz', (t) => t.createdAt],
};

export const likeColumns: Columns<DemoLike> = {
  photo_id: ['uuid', (l) => l.photoId],
  user_id: ['uuid', (l) => l.userId],
  created_at: ['timestamptz', (l) => l.createdAt],
};

export const commentColumns: Columns<DemoComment> = {
  id: ['uuid', (c) => c.id],
  photo_id: ['uuid', (c) => c.photoId],
  user_id: ['uuid', (c) => c.userId],
  parent_id: ['uuid', (c) => c.parentId],
  in_reply_to_id: ['uuid', (c) => c.inReplyToId],
  content: ['text', (c) => c.content],
  created_at: ['timestamptz', (c) => c.createdAt],
  updated_at: ['timestamptz', (c) => c.createdAt],
};
