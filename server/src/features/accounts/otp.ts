import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import type { AppContext } from '../../context.js';
import type { DbOrTx } from '../../db/client.js';
import { AppError } from '../../errors.js';
import * as repo from './repo.js';

/**
 * Six-digit one-time codes for email verification and password reset. Only an HMAC of each code is
 * stored, keyed by the server secret, so a database leak does not hand out a million-guess table.
 */

const codeHash = (secret: string, purpose: repo.OtpPurpose, userId: string, code: string) =>
  createHmac('sha256', secret).update(`${purpose}:${userId}:${code}`).digest('hex');

/** Issues a fresh code for the user and purpose, replacing any unused one. */
export async function issueOtp(
  ctx: AppContext,
  db: DbOrTx,
  userId: string,
  purpose: repo.OtpPurpose,
): Promise<string> {
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const expiresAt = new Date(ctx.clock.now().getTime() + ctx.config.OTP_TTL_S * 1000);
  await repo.replaceOtp(db, {
    userId,
    purpose,
    codeHash: codeHash(ctx.secret, purpose, userId, code),
    expiresAt,
  });
  return code;
}

/** The one answer for a wrong code and for an email nobody registered: they must look alike. */
export const otpInvalid = () => new AppError(400, 'otp_invalid', 'Invalid code.');

/**
 * Checks and consumes a code, or throws: `otp_invalid` (wrong, or no account), `otp_expired`,
 * `otp_locked` (too many wrong tries; request a new code).
 */
export async function consumeValidOtp(
  ctx: AppContext,
  db: DbOrTx,
  userId: string | undefined,
  purpose: repo.OtpPurpose,
  code: string,
): Promise<void> {
  if (!userId) throw otpInvalid();
  const otp = await repo.findLatestOtp(db, userId, purpose);
  if (!otp) throw otpInvalid();
  if (otp.attempts >= ctx.config.OTP_MAX_ATTEMPTS) {
    throw new AppError(400, 'otp_locked', 'Too many wrong codes. Request a new one.');
  }
  if (otp.expiresAt.getTime() <= ctx.clock.now().getTime()) {
    throw new AppError(400, 'otp_expired', 'This code has expired. Request a new one.');
  }
  const expected = Buffer.from(otp.codeHash, 'hex');
  const given = Buffer.from(codeHash(ctx.secret, purpose, userId, code), 'hex');
  if (!timingSafeEqual(expected, given)) {
    await repo.countOtpFailure(db, otp.id);
    throw otpInvalid();
  }
  if (!(await repo.consumeOtp(db, otp.id, ctx.clock.now()))) throw otpInvalid();
}
