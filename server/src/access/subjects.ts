import { eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import {
  type EventRow,
  type EventRuleRow,
  eventColumns,
  eventRuleColumns,
  type MiniUserRow,
  miniUserColumns,
  type PhotoCardRow,
  type PhotoRow,
  photoCardColumns,
  photoColumns,
} from '../db/columns.js';
import { events, photos, users } from '../db/schema.js';
import { type EventFacts, type MemberRole, memberRoleSql } from './events.js';
import { type PhotoFacts, viewerTaggedSql } from './photos.js';
import type { AccessViewer } from './viewer.js';

/**
 * The rows a rule is checked on, loaded with the viewer's relation to them (membership, being
 * tagged) in the same query, and their facts: what the predicates read.
 */

/** What photo permissions read (`photoFacts`): the rule columns and the viewer's relation. */
export interface PhotoRuleContext {
  photo: Pick<PhotoRow, 'photographerId' | 'readPerm' | 'sharePerm' | 'status'>;
  event: Pick<EventRow, keyof EventRuleRow>;
  memberRole: MemberRole | null;
  viewerTagged: boolean;
}

/** A photo as a list's tile shows it, with what its permissions read: one narrow row per photo. */
export interface PhotoCardContext extends PhotoRuleContext {
  photo: PhotoCardRow;
  event: EventRuleRow;
  photographer: MiniUserRow;
}

/** A photo with everything a permission check or a reply needs, in one row. */
export interface PhotoContext extends PhotoCardContext {
  photo: PhotoRow;
  event: EventRow;
  photographer: typeof users.$inferSelect;
}

export type EventWithRole = EventRow & { memberRole: MemberRole | null };

/** The columns of a `PhotoContext`; the query must join `events` and `users` (the photographer). */
export const photoContextColumns = (v: AccessViewer) => ({
  photo: photoColumns,
  event: eventColumns,
  photographer: users,
  memberRole: memberRoleSql(v),
  viewerTagged: viewerTaggedSql(v),
});

/** The columns of a `PhotoCardContext`; the query must join `events` and `users` (the photographer). */
export const photoCardContextColumns = (v: AccessViewer) => ({
  photo: photoCardColumns,
  event: eventRuleColumns,
  photographer: miniUserColumns,
  memberRole: memberRoleSql(v),
  viewerTagged: viewerTaggedSql(v),
});

/** Contexts of the given photos, in no particular order, unchecked: callers filter with the rules. */
export async function loadPhotoContexts(db: DbOrTx, v: AccessViewer, ids: string[]): Promise<PhotoContext[]> {
  if (ids.length === 0) return [];
  return db
    .select(photoContextColumns(v))
    .from(photos)
    .innerJoin(events, eq(events.id, photos.eventId))
    .innerJoin(users, eq(users.id, photos.photographerId))
    .where(inArray(photos.id, ids));
}

export async function loadEvent(db: DbOrTx, v: AccessViewer, id: string): Promise<EventWithRole | undefined> {
  const [row] = await db
    .select({ event: eventColumns, memberRole: memberRoleSql(v) })
    .from(events)
    .where(eq(events.id, id));
  return row && { ...row.event, memberRole: row.memberRole };
}

export const eventFacts = (
  e: Pick<EventWithRole, 'coordinatorId' | 'readPerm' | 'writePerm' | 'memberRole'>,
): EventFacts => ({
  coordinatorId: e.coordinatorId,
  readPerm: e.readPerm,
  writePerm: e.writePerm,
  memberRole: e.memberRole,
});

export function photoFacts(c: PhotoRuleContext): PhotoFacts {
  return {
    photographerId: c.photo.photographerId,
    readPerm: c.photo.readPerm,
    sharePerm: c.photo.sharePerm,
    status: c.photo.status,
    viewerTagged: c.viewerTagged,
    event: {
      coordinatorId: c.event.coordinatorId,
      readPerm: c.event.readPerm,
      writePerm: c.event.writePerm,
      memberRole: c.memberRole,
      originalAccess: c.event.originalAccess,
      membersCanTag: c.event.membersCanTag,
      allowDownload: c.event.allowDownload,
    },
  };
}
