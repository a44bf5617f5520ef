import type { PasswordChangeBody, PasswordResetConfirmBody } from '@pixeli/contract';
import type { AppContext } from '../../context.js';
import { FieldError } from '../../errors.js';
import type { Viewer } from '../../http/auth.js';
import { clearAccountLimit, enforceLimit, enforceMailCooldown } from './limits.js';
import { passwordResetMail } from './mails.js';
import { consumeValidOtp, issueOtp } from './otp.js';
import { hashPassword, verifyPassword, weakPasswordReason } from './passwords.js';
import { mailUnavailable } from './registration.js';
import * as repo from './repo.js';
import { signInsChanged } from './sign-in-cache.js';

/** Changing a known password, and resetting a forgotten one by emailed code. */

export async function changePassword(ctx: AppContext, viewer: Viewer, body: PasswordChangeBody, ip: string) {
  // A stolen access token must not become a way to guess the password.
  await enforceLimit(ctx, 'login', ip, viewer.username);
  if (!(await verifyPassword(viewer.user.passwordHash, body.current_password))) {
    throw new FieldError({ current_password: ['Your current password is not correct.'] });
  }
  const weak = weakPasswordReason(body.new_password, viewer.user);
  if (weak) throw new FieldError({ new_password: [weak] });
  const passwordHash = await hashPassword(body.new_password);
  await ctx.database.db.transaction(async (tx) => {
    await repo.updateUser(tx, viewer.id, { passwordHash });
    // Every other device signs in again; this one stays.
    await repo.revokeUserSessions(tx, viewer.id, ctx.clock.now(), viewer.sessionId);
  });
  await signInsChanged(ctx, { userId: viewer.id });
  return { detail: 'Password changed. Other devices have been signed out.' };
}

export async function requestPasswordReset(ctx: AppContext, email: string, ip: string) {
  await enforceLimit(ctx, 'mail', ip, email);
  await enforceMailCooldown(ctx, 'reset', email);
  const user = await repo.findUserByEmail(ctx.database.db, email);
  if (user?.isActive) {
    const code = await issueOtp(ctx, ctx.database.db, user.id, 'password_reset');
    try {
      await ctx.mailer.send(passwordResetMail(email, user.name, code, Math.round(ctx.config.OTP_TTL_S / 60)));
    } catch (error) {
      ctx.log.error({ err: error }, 'password reset mail failed');
      throw mailUnavailable();
    }
  }
  return { detail: 'If an account uses that email, a reset code is on its way.' };
}

export async function confirmPasswordReset(ctx: AppContext, body: PasswordResetConfirmBody, ip: string) {
  await enforceLimit(ctx, 'verify', ip, body.email);
  const db = ctx.database.db;
  const user = await repo.findUserByEmail(db, body.email);
  const active = user?.isActive ? user : undefined;
  const weak = weakPasswordReason(body.new_password, active ?? { username: '', email: body.email });
  if (weak) throw new FieldError({ new_password: [weak] });
  await consumeValidOtp(ctx, db, active?.id, 'password_reset', body.otp);
  const passwordHash = await hashPassword(body.new_password);
  const userId = (active as repo.UserRow).id;
  await db.transaction(async (tx) => {
    await repo.updateUser(tx, userId, { passwordHash });
    // Whoever knew the old password is signed out everywhere.
    await repo.revokeUserSessions(tx, userId, ctx.clock.now());
  });
  await signInsChanged(ctx, { userId });
  await clearAccountLimit(ctx, 'verify', body.email);
  await clearAccountLimit(ctx, 'login', active?.username ?? body.email);
  return { detail: 'Your password has been reset. Sign in with the new one.' };
}
