import type { AccessLevel, MemberRole } from '@pixeli/contract';
import { and, eq, or, type SQL, sql } from 'drizzle-orm';
import { eventMembers, events } from '../db/schema.js';
import { type AccessViewer, isAdmin } from './viewer.js';

/**
 * Event permissions, each written twice: a predicate over one event's facts, and an SQL condition
 * over the `events` table for lists. `access.matrix.test.ts` proves the twins agree.
 */
export type { AccessLevel, MemberRole };

export interface EventFacts {
  coordinatorId: string | null;
  readPerm: AccessLevel;
  writePerm: AccessLevel;
  /** The viewer's membership of this event, if any. */
  memberRole: MemberRole | null;
}

const isCoordinator = (v: AccessViewer, e: EventFacts) =>
  e.coordinatorId !== null && e.coordinatorId === v.id;

/** PUB: anyone signed in; IMG: img members; PRV: nobody beyond the event's own people. */
const levelAdmits = (v: AccessViewer, level: AccessLevel) =>
  level === 'PUB' || (level === 'IMG' && v.role === 'img');

export function canReadEvent(v: AccessViewer, e: EventFacts): boolean {
  return isAdmin(v) || isCoordinator(v, e) || e.memberRole !== null || levelAdmits(v, e.readPerm);
}

/** Upload into the event. Contributors always may; others as `write_perm` says, if they can read it. */
export function canWriteEvent(v: AccessViewer, e: EventFacts): boolean {
  if (isAdmin(v) || isCoordinator(v, e) || e.memberRole === 'contributor') return true;
  return canReadEvent(v, e) && levelAdmits(v, e.writePerm);
}

/** Edit, delete, manage members and invite links. */
export function canManageEvent(v: AccessViewer, e: EventFacts): boolean {
  return isAdmin(v) || isCoordinator(v, e);
}

/** The coordinator or an admin removes anyone; a member may always leave. */
export function canRemoveMember(v: AccessViewer, e: EventFacts, memberId: string): boolean {
  return memberId === v.id || canManageEvent(v, e);
}

// --- SQL twins ----------------------------------------------------------------------------------

const isMemberSql = (v: AccessViewer) =>
  sql`exists (select 1 from ${eventMembers} where ${eventMembers.eventId} = ${events.id} and ${eventMembers.userId} = ${v.id})`;

function levelAdmitsSql(v: AccessViewer, column: typeof events.readPerm | typeof events.writePerm): SQL {
  return v.role === 'img' ? or(eq(column, 'PUB'), eq(column, 'IMG'))! : eq(column, 'PUB');
}

/** The condition `canReadEvent` as SQL over `events`. */
export function readableEventsSql(v: AccessViewer): SQL {
  if (isAdmin(v)) return sql`true`;
  return or(eq(events.coordinatorId, v.id), isMemberSql(v), levelAdmitsSql(v, events.readPerm))!;
}

/** The condition `canWriteEvent` as SQL over `events`. */
export function writableEventsSql(v: AccessViewer): SQL {
  if (isAdmin(v)) return sql`true`;
  const contributor = sql`exists (select 1 from ${eventMembers} where ${eventMembers.eventId} = ${events.id} and ${eventMembers.userId} = ${v.id} and ${eventMembers.role} = 'contributor')`;
  return or(
    eq(events.coordinatorId, v.id),
    contributor,
    and(readableEventsSql(v), levelAdmitsSql(v, events.writePerm)),
  )!;
}

/** The viewer's member role in each event row, for `EventFacts`. */
export const memberRoleSql = (v: AccessViewer) =>
  sql<MemberRole | null>`(select ${eventMembers.role} from ${eventMembers} where ${eventMembers.eventId} = ${events.id} and ${eventMembers.userId} = ${v.id})`;
