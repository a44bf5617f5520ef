import { and, asc, desc, eq, gt, ilike, inArray, isNull, ne, or, type SQL, sql } from 'drizzle-orm';
import { isAnyOf } from '../../db/arrays.js';
import type { DbOrTx } from '../../db/client.js';
import { emailOtps, refreshTokens, sessions, users } from '../../db/schema.js';
import { escapeLike, personText, unaccented } from '../../db/search-text.js';
import { exactTimestamp, pastCursor, type TimeCursor } from '../../db/timestamps.js';

/** Queries about accounts and sign-ins. No rules live here: the services decide. */

export type UserRow = typeof users.$inferSelect;
export type OtpPurpose = (typeof emailOtps.$inferSelect)['purpose'];

export async function findUserById(db: DbOrTx, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

/** The users of these ids, by id (ids that match no one are left out). */
export async function findUsersByIds(db: DbOrTx, ids: string[]): Promise<Map<string, UserRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select().from(users).where(isAnyOf(users.id, ids));
  return new Map(rows.map((u) => [u.id, u]));
}

/** The active users holding these usernames, whatever the case. */
export async function activeUsersByUsername(db: DbOrTx, usernames: string[]): Promise<UserRow[]> {
  if (usernames.length === 0) return [];
  const lowered = [...new Set(usernames.map((u) => u.toLowerCase()))];
  return db
    .select()
    .from(users)
    .where(and(eq(users.isActive, true), inArray(sql`lower(${users.username})`, lowered)));
}

/** Ids of the people whose name or username contains `text`, whatever the case and accents. */
export async function userIdsNamed(db: DbOrTx, text: string): Promise<string[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(sql`${personText} like ${unaccented(`%${escapeLike(text)}%`)}`);
  return rows.map((r) => r.id);
}

export interface UserListFilter {
  role?: UserRow['role'];
  isActive?: boolean;
  /** Rows strictly after this (created_at, id), newest first; `createdAt` as `exactTimestamp` text. */
  after?: TimeCursor;
  limit: number;
}

/** Users newest first, with each row's cursor, for the administrators' list. */
export async function listUsers(db: DbOrTx, filter: UserListFilter) {
  const conditions: (SQL | undefined)[] = [
    filter.role ? eq(users.role, filter.role) : undefined,
    filter.isActive === undefined ? undefined : eq(users.isActive, filter.isActive),
    pastCursor(users.createdAt, users.id, filter.after),
  ];
  return db
    .select({ user: users, cursorAt: exactTimestamp(users.createdAt) })
    .from(users)
    .where(and(...conditions))
    .orderBy(desc(users.createdAt), desc(users.id))
    .limit(filter.limit);
}

export async function findUserByEmail(db: DbOrTx, email: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.email, email.toLowerCase()));
  return row;
}

export async function findUserByUsername(db: DbOrTx, username: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(sql`lower(${users.username}) = lower(${username})`);
  return row;
}

/** Sign-in accepts a username or an email; an email is always lower-cased when stored. */
export async function findUserByLogin(db: DbOrTx, login: string): Promise<UserRow | undefined> {
  const rows = await db
    .select()
    .from(users)
    .where(or(sql`lower(${users.username}) = lower(${login})`, eq(users.email, login.toLowerCase())))
    .limit(2);
  // A username that looks like someone else's email: the exact username wins.
  return rows.find((r) => r.username.toLowerCase() === login.toLowerCase()) ?? rows[0];
}

/** Accounts holding this username or email, verified or not (signup decides what to do with them). */
export async function findUsersHoldingIdentity(db: DbOrTx, username: string, email: string) {
  return db
    .select()
    .from(users)
    .where(or(sql`lower(${users.username}) = lower(${username})`, eq(users.email, email)));
}

/**
 * Serializes signups for the rest of the transaction, so "is this the first account?" has one
 * answer even when two people sign up on an empty database at the same instant.
 */
export async function lockSignups(tx: DbOrTx) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('pixeli:signup'))`);
}

export async function anyUserExists(db: DbOrTx): Promise<boolean> {
  const rows = await db.select({ id: users.id }).from(users).limit(1);
  return rows.length > 0;
}

export async function deleteUsers(db: DbOrTx, ids: string[]) {
  if (ids.length > 0) await db.delete(users).where(inArray(users.id, ids));
}

export async function insertUser(db: DbOrTx, values: typeof users.$inferInsert): Promise<UserRow> {
  const [row] = await db.insert(users).values(values).returning();
  return row as UserRow;
}

export async function updateUser(
  db: DbOrTx,
  id: string,
  values: Partial<typeof users.$inferInsert>,
): Promise<UserRow | undefined> {
  const [row] = await db
    .update(users)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(users.id, id))
    .returning();
  return row;
}

/** Active users whose username or name starts with `prefix`, exact username first. */
export async function searchActiveUsers(db: DbOrTx, prefix: string, limit: number) {
  const pattern = `${escapeLike(prefix)}%`;
  return db
    .select({ id: users.id, username: users.username, name: users.name, profilePic: users.profilePic })
    .from(users)
    .where(and(eq(users.isActive, true), or(ilike(users.username, pattern), ilike(users.name, pattern))))
    .orderBy(sql`lower(${users.username}) = lower(${prefix}) desc`, asc(sql`lower(${users.username})`))
    .limit(limit);
}

// --- sign-ins -------------------------------------------------------------------------------

export async function insertSession(
  db: DbOrTx,
  values: { userId: string; userAgent: string | null; expiresAt: Date },
) {
  const [row] = await db.insert(sessions).values(values).returning({ id: sessions.id });
  return row as { id: string };
}

/** The user behind a live sign-in, or nothing if the sign-in ended or the account was disabled. */
export async function findActiveUserBySession(db: DbOrTx, sessionId: string, userId: string, now: Date) {
  const [row] = await db
    .select({ user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.id, sessionId),
        eq(sessions.userId, userId),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, now),
        eq(users.isActive, true),
      ),
    );
  return row?.user;
}

export async function revokeSession(db: DbOrTx, sessionId: string, now: Date) {
  await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)));
}

export async function revokeUserSessions(db: DbOrTx, userId: string, now: Date, keepSessionId?: string) {
  await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(
      and(
        eq(sessions.userId, userId),
        isNull(sessions.revokedAt),
        keepSessionId ? ne(sessions.id, keepSessionId) : undefined,
      ),
    );
}

export async function insertRefreshToken(
  db: DbOrTx,
  values: { tokenHash: string; sessionId: string; expiresAt: Date },
) {
  await db.insert(refreshTokens).values(values);
}

export async function findRefreshToken(db: DbOrTx, tokenHash: string) {
  const [row] = await db
    .select({ token: refreshTokens, session: sessions })
    .from(refreshTokens)
    .innerJoin(sessions, eq(sessions.id, refreshTokens.sessionId))
    .where(eq(refreshTokens.tokenHash, tokenHash));
  return row;
}

/** Marks a refresh token used; false if it already was (two refreshes raced, or a replay). */
export async function markRefreshTokenUsed(db: DbOrTx, tokenHash: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(refreshTokens)
    .set({ usedAt: now })
    .where(and(eq(refreshTokens.tokenHash, tokenHash), isNull(refreshTokens.usedAt)))
    .returning({ tokenHash: refreshTokens.tokenHash });
  return rows.length === 1;
}

export async function touchSession(db: DbOrTx, sessionId: string, now: Date) {
  await db.update(sessions).set({ lastUsedAt: now }).where(eq(sessions.id, sessionId));
}

// --- one-time codes -------------------------------------------------------------------------

export async function replaceOtp(
  db: DbOrTx,
  values: { userId: string; purpose: OtpPurpose; codeHash: string; expiresAt: Date },
) {
  await db
    .delete(emailOtps)
    .where(
      and(
        eq(emailOtps.userId, values.userId),
        eq(emailOtps.purpose, values.purpose),
        isNull(emailOtps.usedAt),
      ),
    );
  await db.insert(emailOtps).values(values);
}

export async function findLatestOtp(db: DbOrTx, userId: string, purpose: OtpPurpose) {
  const [row] = await db
    .select()
    .from(emailOtps)
    .where(and(eq(emailOtps.userId, userId), eq(emailOtps.purpose, purpose), isNull(emailOtps.usedAt)))
    .orderBy(sql`${emailOtps.createdAt} desc, ${emailOtps.id} desc`)
    .limit(1);
  return row;
}

export async function countOtpFailure(db: DbOrTx, otpId: number) {
  await db
    .update(emailOtps)
    .set({ attempts: sql`${emailOtps.attempts} + 1` })
    .where(eq(emailOtps.id, otpId));
}

/** Consumes a code once; false if a concurrent request consumed it first. */
export async function consumeOtp(db: DbOrTx, otpId: number, now: Date): Promise<boolean> {
  const rows = await db
    .update(emailOtps)
    .set({ usedAt: now })
    .where(and(eq(emailOtps.id, otpId), isNull(emailOtps.usedAt)))
    .returning({ id: emailOtps.id });
  return rows.length === 1;
}

/**
 * Of these sign-ins, the ones still live (not revoked, not expired, their account active), as
 * `sessionId:userId` keys.
 */
export async function liveSessionKeys(db: DbOrTx, sessionIds: string[], now: Date) {
  if (sessionIds.length === 0) return new Set<string>();
  const rows = await db
    .select({ id: sessions.id, userId: sessions.userId })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        inArray(sessions.id, sessionIds),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, now),
        eq(users.isActive, true),
      ),
    );
  return new Set(rows.map((row) => `${row.id}:${row.userId}`));
}
