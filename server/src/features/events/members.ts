import { createHash, randomBytes } from 'node:crypto';
import type { EventMember, InviteCreateBody, MemberRole } from '@pixeli/contract';
import { requireEvent } from '../../access/require.js';
import { loadEvent } from '../../access/subjects.js';
import { type AccessViewer, SYSTEM_VIEWER } from '../../access/viewer.js';
import { publicBaseUrl } from '../../config.js';
import type { AppContext } from '../../context.js';
import { AppError, fieldError, notFound } from '../../errors.js';
import { toMiniUser } from '../accounts/present.js';
import { findUserByUsername, findUsersByIds, requireWriteAllowance } from '../accounts/service.js';
import * as repo from './repo.js';

/** Who belongs to an event ("invite your circle"): by username, or by a link with a role and a limit. */

const toMember = async (
  ctx: AppContext,
  row: Awaited<ReturnType<typeof repo.listMembers>>[number],
): Promise<EventMember> => ({
  user: await toMiniUser(ctx, row.user),
  role: row.role,
  joined_at: row.joinedAt.toISOString(),
});

/** Anyone who can read the event sees who is in it. */
export async function listMembers(ctx: AppContext, v: AccessViewer, eventId: string) {
  await requireEvent(ctx, v, eventId, 'read');
  return Promise.all((await repo.listMembers(ctx.database.db, eventId)).map((row) => toMember(ctx, row)));
}

export async function addMember(
  ctx: AppContext,
  v: AccessViewer,
  eventId: string,
  username: string,
  role: MemberRole,
) {
  // Adding someone notifies them, so it spends the same allowance as an invite link.
  await requireWriteAllowance(ctx, v, 'invite');
  const event = await requireEvent(ctx, v, eventId, 'manage');
  const user = await findUserByUsername(ctx.database.db, username);
  if (!user?.isActive) throw fieldError('username', `No active user named "${username}".`);
  if (user.id === event.coordinatorId)
    throw fieldError('username', 'The coordinator is already part of the event.');
  await ctx.transaction(async (tx, record) => {
    const isNew = !(await repo.findMember(tx, eventId, user.id));
    await repo.upsertMember(tx, eventId, user.id, role);
    if (isNew) await record({ type: 'member_invited', eventId, userId: user.id, actorId: v.id });
  });
  const rows = await repo.listMembers(ctx.database.db, eventId);
  return toMember(ctx, rows.find((r) => r.user.id === user.id)!);
}

export async function changeMemberRole(
  ctx: AppContext,
  v: AccessViewer,
  eventId: string,
  userId: string,
  role: MemberRole,
) {
  await requireEvent(ctx, v, eventId, 'manage');
  if (!(await repo.findMember(ctx.database.db, eventId, userId)))
    throw notFound('That person is not a member.');
  await repo.upsertMember(ctx.database.db, eventId, userId, role);
  const rows = await repo.listMembers(ctx.database.db, eventId);
  return toMember(ctx, rows.find((r) => r.user.id === userId)!);
}

/** Removes a member, or leaves the event (the rule is `canRemoveMember`). */
export async function removeMember(ctx: AppContext, v: AccessViewer, eventId: string, userId: string) {
  await requireEvent(ctx, v, eventId, 'remove_member', { personId: userId });
  if (!(await repo.removeMember(ctx.database.db, eventId, userId)))
    throw notFound('That person is not a member.');
}

// --- invite links -------------------------------------------------------------------------------

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

const toInvite = (row: repo.InviteRow) => ({
  id: row.id,
  role: row.role,
  expires_at: row.expiresAt.toISOString(),
  max_uses: row.maxUses,
  uses: row.uses,
  revoked: row.revokedAt !== null,
  created_at: row.createdAt.toISOString(),
});

export async function createInvite(
  ctx: AppContext,
  v: AccessViewer,
  eventId: string,
  body: InviteCreateBody,
) {
  await requireWriteAllowance(ctx, v, 'invite');
  await requireEvent(ctx, v, eventId, 'manage');
  const token = randomBytes(24).toString('base64url');
  const row = await repo.insertInvite(ctx.database.db, {
    eventId,
    tokenHash: hashToken(token),
    role: body.role,
    expiresAt: new Date(ctx.clock.now().getTime() + body.expires_in_hours * 3600_000),
    maxUses: body.max_uses,
    createdById: v.id,
  });
  return { ...toInvite(row), token, url: `${publicBaseUrl(ctx.config)}/invite/${token}` };
}

export async function listInvites(ctx: AppContext, v: AccessViewer, eventId: string) {
  await requireEvent(ctx, v, eventId, 'manage');
  return (await repo.listInvites(ctx.database.db, eventId)).map(toInvite);
}

export async function revokeInvite(ctx: AppContext, v: AccessViewer, eventId: string, inviteId: string) {
  await requireEvent(ctx, v, eventId, 'manage');
  if (!(await repo.revokeInvite(ctx.database.db, eventId, inviteId, ctx.clock.now()))) {
    throw notFound('No such invite link.');
  }
}

const inviteGone = () =>
  new AppError(404, 'invite_invalid', 'This invite link is invalid, expired or used up.');

/** The invite a token names, and whether it still works (not revoked, expired or used up). */
async function findInvite(ctx: AppContext, token: string) {
  const invite = await repo.findInviteByHash(ctx.database.db, hashToken(token));
  if (!invite) return undefined;
  return { invite, alive: isLive(ctx, invite) };
}

async function usableInvite(ctx: AppContext, token: string) {
  const found = await findInvite(ctx, token);
  if (!found?.alive) throw inviteGone();
  return found.invite;
}

/**
 * What the invite page (`/invite/<token>`) shows: the event and who invites, or whether the link
 * never existed (404) or stopped working (410), which its holder may tell apart since they hold it.
 */
export async function inviteForPage(ctx: AppContext, token: string) {
  const found = await findInvite(ctx, token);
  if (!found) return { kind: 'unknown' as const };
  if (!found.alive) return { kind: 'gone' as const };
  const { invite } = found;
  const event = (await loadEvent(ctx.database.db, SYSTEM_VIEWER, invite.eventId))!;
  const ids = [invite.createdById, event.coordinatorId].filter((id): id is string => id !== null);
  const people = await findUsersByIds(ctx.database.db, ids);
  const inviter = people.get(invite.createdById ?? '') ?? people.get(event.coordinatorId ?? '');
  return {
    kind: 'invite' as const,
    eventTitle: event.title,
    eventStartsAt: event.startsAt,
    eventLocation: event.location,
    inviterName: inviter ? inviter.name || inviter.username : null,
    role: invite.role,
    expiresAt: invite.expiresAt,
  };
}

function isLive(ctx: AppContext, invite: repo.InviteRow): boolean {
  const usedUp = invite.maxUses != null && invite.uses >= invite.maxUses;
  return !invite.revokedAt && invite.expiresAt > ctx.clock.now() && !usedUp;
}

/** Whether a token is a live invite: what lets a person sign up when `SIGNUP=invite`. */
export async function inviteIsUsable(ctx: AppContext, token: string): Promise<boolean> {
  return (await findInvite(ctx, token))?.alive === true;
}

const inviteEnded = () =>
  new AppError(410, 'invite_ended', 'This invite link has ended: it was withdrawn, expired or used up.');

/**
 * What a link is for, before signing in: the event's title and host, never its photos. As on the
 * invite page, a link that stopped working (410) is told apart from one that never existed (404):
 * whoever asks holds the link.
 */
export async function previewInvite(ctx: AppContext, token: string) {
  const found = await findInvite(ctx, token);
  if (!found) throw inviteGone();
  if (!found.alive) throw inviteEnded();
  const { invite } = found;
  const event = (await loadEvent(ctx.database.db, SYSTEM_VIEWER, invite.eventId))!;
  const coordinator = event.coordinatorId
    ? (await findUsersByIds(ctx.database.db, [event.coordinatorId])).get(event.coordinatorId)
    : undefined;
  return {
    event: {
      id: event.id,
      title: event.title,
      description: event.description,
      coordinator: coordinator ? await toMiniUser(ctx, coordinator) : null,
      starts_at: event.startsAt?.toISOString() ?? null,
      location: event.location,
    },
    role: invite.role,
    expires_at: invite.expiresAt.toISOString(),
  };
}

/** Joins the event. Someone already in it keeps their role (a link never demotes) and spends no use. */
export async function acceptInvite(ctx: AppContext, v: AccessViewer, token: string) {
  const invite = await usableInvite(ctx, token);
  const db = ctx.database.db;
  const event = (await loadEvent(db, v, invite.eventId))!;
  if (event.coordinatorId === v.id || event.memberRole) return event.id;
  await ctx.transaction(async (tx) => {
    if (!(await repo.takeInviteUse(tx, invite.id, ctx.clock.now()))) throw inviteGone();
    await repo.addMemberIfAbsent(tx, invite.eventId, v.id, invite.role);
  });
  return event.id;
}
