import type { SignupBody, VerifyEmailBody } from '@pixeli/contract';
import type { AppContext } from '../../context.js';
import { isUniqueViolation } from '../../db/errors.js';
import { AppError, FieldError } from '../../errors.js';
import { clearAccountLimit, enforceLimit, enforceMailCooldown } from './limits.js';
import { verificationMail } from './mails.js';
import { consumeValidOtp, issueOtp } from './otp.js';
import { hashPassword, weakPasswordReason } from './passwords.js';
import * as repo from './repo.js';
import { startSession } from './sessions.js';
import { type InviteCheck, requireSignupAllowed } from './signup-policy.js';

/** Signing up, confirming the email, and asking for a new code. */

export const mailUnavailable = () =>
  new AppError(
    503,
    'mail_unavailable',
    'We could not send the email right now. Please try again in a few minutes.',
  );

const ttlMinutes = (ctx: AppContext) => Math.round(ctx.config.OTP_TTL_S / 60);

export async function signup(ctx: AppContext, body: SignupBody, ip: string, inviteIsUsable: InviteCheck) {
  await enforceLimit(ctx, 'signup', ip, body.email);
  await requireSignupAllowed(ctx, body, inviteIsUsable);
  const weak = weakPasswordReason(body.password, body);
  if (weak) throw new FieldError({ password: [weak] });

  const db = ctx.database.db;
  const holders = await repo.findUsersHoldingIdentity(db, body.username, body.email);
  const taken: Record<string, string[]> = {};
  for (const holder of holders) {
    const sameName = holder.username.toLowerCase() === body.username.toLowerCase();
    if (holder.emailVerifiedAt) {
      if (holder.email === body.email) taken.email = ['Email already registered.'];
      if (sameName) taken.username = ['A user with that username already exists.'];
    } else if (sameName && holder.email !== body.email && (await awaitsVerification(ctx, holder.id))) {
      // Someone else's sign-up in progress keeps its name until its code expires; only whoever
      // reads that mailbox may replace it (same email, below).
      taken.username = ['A user with that username already exists.'];
    }
  }
  if (Object.keys(taken).length > 0) throw new FieldError(taken);

  const passwordHash = await hashPassword(body.password);
  let created: { user: repo.UserRow; code: string };
  try {
    created = await db.transaction(async (tx) => {
      await repo.lockSignups(tx);
      // Unverified accounts never became anyone's: a new signup takes their email, or their
      // username once their code expired (the reservation was checked above).
      await repo.deleteUsers(
        tx,
        holders.filter((h) => !h.emailVerifiedAt).map((h) => h.id),
      );
      // The first account on an empty database administers the site, so a newcomer needs no CLI.
      const role = (await repo.anyUserExists(tx)) ? 'public' : 'admin';
      const user = await repo.insertUser(tx, {
        username: body.username,
        email: body.email,
        passwordHash,
        name: body.name,
        role,
      });
      return { user, code: await issueOtp(ctx, tx, user.id, 'email_verification') };
    });
  } catch (error) {
    // Two signups for the same name at the same instant: the loser hears what it would have heard.
    if (isUniqueViolation(error))
      throw new FieldError({ username: ['A user with that username or email already exists.'] });
    throw error;
  }

  try {
    await ctx.mailer.send(verificationMail(body.email, body.name, created.code, ttlMinutes(ctx)));
  } catch (error) {
    ctx.log.error({ err: error }, 'verification mail failed; signup undone');
    await repo.deleteUsers(db, [created.user.id]);
    throw mailUnavailable();
  }
  // The code just went out: an immediate "resend" waits for the cooldown like any other.
  await ctx.limiter.hit(`cooldown:verify:${body.email}`, 1, ctx.config.OTP_RESEND_COOLDOWN_S);
  const { user } = created;
  return { id: user.id, username: user.username, email: user.email, name: user.name };
}

/** Whether an unverified account still holds a live verification code. */
async function awaitsVerification(ctx: AppContext, userId: string): Promise<boolean> {
  const otp = await repo.findLatestOtp(ctx.database.db, userId, 'email_verification');
  return otp !== undefined && otp.expiresAt > ctx.clock.now();
}

export async function verifyEmail(
  ctx: AppContext,
  body: VerifyEmailBody,
  ip: string,
  userAgent: string | null,
) {
  await enforceLimit(ctx, 'verify', ip, body.email);
  const db = ctx.database.db;
  const user = await repo.findUserByEmail(db, body.email);
  // A verified account has no code to check: it answers like an unknown address.
  const pending = user && !user.emailVerifiedAt ? user : undefined;
  await consumeValidOtp(ctx, db, pending?.id, 'email_verification', body.otp);
  const tokens = await db.transaction(async (tx) => {
    await repo.updateUser(tx, (pending as repo.UserRow).id, {
      isActive: true,
      emailVerifiedAt: ctx.clock.now(),
    });
    return startSession(ctx, tx, (pending as repo.UserRow).id, userAgent);
  });
  await clearAccountLimit(ctx, 'verify', body.email);
  return { ...tokens, detail: 'Email Verified successfully' };
}

/** The same answer whether or not the address is registered or already verified. */
export async function resendVerification(ctx: AppContext, email: string, ip: string) {
  await enforceLimit(ctx, 'mail', ip, email);
  await enforceMailCooldown(ctx, 'verify', email);
  const user = await repo.findUserByEmail(ctx.database.db, email);
  if (user && !user.emailVerifiedAt) {
    const code = await issueOtp(ctx, ctx.database.db, user.id, 'email_verification');
    try {
      await ctx.mailer.send(verificationMail(email, user.name, code, ttlMinutes(ctx)));
    } catch (error) {
      ctx.log.error({ err: error }, 'verification mail failed');
      throw mailUnavailable();
    }
  }
  return { detail: 'If that email is waiting for verification, a new code is on its way.' };
}
