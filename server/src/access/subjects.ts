import { eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { type EventRow, eventColumns, type PhotoRow, photoColumns } from '../db/columns.js';
import { events, photos, users } from '../db/schema.js';
import { type EventFacts, type MemberRole, memberRoleSql } from './events.js';
import { type PhotoFacts, viewerTaggedSql } from './photos.js';
import type { AccessViewer } from './viewer.js';

/**
 * The rows a rule is checked on, loaded with the viewer's relation to them (membership, being
 * tagged) in the same query, and their facts: what the predicates read.
 */

/** A photo with everything a permission check or a reply needs, in one row. */
export interface PhotoContext {
  photo: PhotoRow;
  event: EventRow;
  photographer: typeof users.$inferSelect;
  memberRole: MemberRole | null;
  viewerTagged: boolean;
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

export const eventFacts = (e: EventWithRole): EventFacts => ({
  coordinatorId: e.coordinatorId,
  readPerm: e.readPerm,
  writePerm: e.writePerm,
  memberRole: e.memberRole,
});

export function photoFacts(c: PhotoContext): PhotoFacts {
  return {
    photographerId: c.photo.photographerId,
    readPerm: c.photo.readPerm,
    sharePerm: c.photo.sharePerm,
    status: c.photo.status,
    viewerTagged: c.viewerTagged,
    event: {
      ...eventFacts({ ...c.event, memberRole: c.memberRole }),
      originalAccess: c.event.originalAccess,
      membersCanTag: c.event.membersCanTag,
      allowDownload: c.event.allowDownload,
    },
  };
}
