import { getTableColumns } from 'drizzle-orm';
import { events, photos, users } from './schema.js';

/**
 * Every column of photos and of events but what PostgreSQL keeps for searching them
 * (`search_document`, `search_title`), which only the search queries read, in their WHERE clauses. Selected
 * with the rest, each photo list carried fifty events' documents to the server and parsed them.
 */
const { searchDocument: _photoDocument, ...photoColumns } = getTableColumns(photos);
const {
  searchDocument: _eventDocument,
  searchTitle: _eventSearchTitle,
  ...eventColumns
} = getTableColumns(events);

export { eventColumns, photoColumns };
export type PhotoRow = Omit<typeof photos.$inferSelect, 'searchDocument'>;
export type EventRow = Omit<typeof events.$inferSelect, 'searchDocument' | 'searchTitle'>;

/**
 * What a photo list's tile needs, and no more: a 50-photo page selected whole rows of photos (with
 * their EXIF `meta`), events and photographers (with password hashes and search text), and turning
 * those ~60 columns into objects was the largest part of the feed's server CPU (`--cpu-prof`).
 */
export const photoCardColumns = {
  id: photos.id,
  eventId: photos.eventId,
  photographerId: photos.photographerId,
  timestamp: photos.timestamp,
  status: photos.status,
  readPerm: photos.readPerm,
  sharePerm: photos.sharePerm,
  width: photos.width,
  height: photos.height,
  thumbhash: photos.thumbhash,
  likeCount: photos.likeCount,
};

/** The event columns photo permissions read (`photoFacts`). */
export const eventRuleColumns = {
  id: events.id,
  coordinatorId: events.coordinatorId,
  readPerm: events.readPerm,
  writePerm: events.writePerm,
  originalAccess: events.originalAccess,
  membersCanTag: events.membersCanTag,
  allowDownload: events.allowDownload,
};

/** A person as lists show them (`MiniUser`). */
export const miniUserColumns = {
  id: users.id,
  username: users.username,
  name: users.name,
  profilePic: users.profilePic,
};

type Picked<C> = {
  [K in keyof C]: C[K] extends { _: { data: infer D; notNull: infer N } }
    ? N extends true
      ? D
      : D | null
    : never;
};
export type PhotoCardRow = Picked<typeof photoCardColumns>;
export type EventRuleRow = Picked<typeof eventRuleColumns>;
export type MiniUserRow = Picked<typeof miniUserColumns>;
