import type { AppContext } from '../../context.js';
import { tooManyRequests } from '../../errors.js';

/**
 * The abuse limits of the sign-in routes and of share-link passwords, as one table: each action
 * counts against the client's address and, where a person (or a link) is named, against that
 * account (keyed on what was typed, so the answer is the same whether or not the account exists).
 * Each action has its own buckets: guessing a link's password never spends the codes' budget.
 */
export type LimitedAction = 'signup' | 'login' | 'verify' | 'mail' | 'share_password';

function budgets(ctx: AppContext): Record<LimitedAction, { perIp: number; perAccount: number }> {
  const c = ctx.config;
  return {
    signup: { perIp: c.RATE_SIGNUP_PER_IP, perAccount: c.RATE_MAIL_PER_ACCOUNT },
    login: { perIp: c.RATE_LOGIN_PER_IP, perAccount: c.RATE_LOGIN_PER_ACCOUNT },
    verify: { perIp: c.RATE_VERIFY_PER_IP, perAccount: c.RATE_VERIFY_PER_ACCOUNT },
    mail: { perIp: c.RATE_MAIL_PER_IP, perAccount: c.RATE_MAIL_PER_ACCOUNT },
    // The "account" of a share link's password is the link itself.
    share_password: { perIp: c.RATE_SHARE_PASSWORD_PER_IP, perAccount: c.RATE_SHARE_PASSWORD_PER_LINK },
  };
}

/** Counts one attempt; throws 429 with `Retry-After` when either budget is spent. */
export async function enforceLimit(
  ctx: AppContext,
  action: LimitedAction,
  ip: string,
  account?: string,
): Promise<void> {
  const budget = budgets(ctx)[action];
  const window = ctx.config.RATE_WINDOW_S;
  const checks = [ctx.limiter.hit(`${action}:ip:${ip}`, budget.perIp, window)];
  if (account)
    checks.push(ctx.limiter.hit(`${action}:acct:${account.toLowerCase()}`, budget.perAccount, window));
  const refused = (await Promise.all(checks)).filter((d) => !d.allowed);
  if (refused.length > 0) throw tooManyRequests(Math.max(...refused.map((d) => d.retryAfterS)));
}

/** A success clears the account's counter, so a person who finally remembers is not locked out later. */
export async function clearAccountLimit(ctx: AppContext, action: LimitedAction, account: string) {
  await ctx.limiter.reset(`${action}:acct:${account.toLowerCase()}`);
}

/**
 * One code mail per address per cooldown, whoever asks and whether or not the address is known.
 * `kind` separates verification codes from reset codes.
 */
export async function enforceMailCooldown(ctx: AppContext, kind: 'verify' | 'reset', email: string) {
  const decision = await ctx.limiter.hit(`cooldown:${kind}:${email}`, 1, ctx.config.OTP_RESEND_COOLDOWN_S);
  if (!decision.allowed) throw tooManyRequests(decision.retryAfterS);
}
