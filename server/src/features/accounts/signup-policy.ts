import type { SignupBody } from '@pixeli/contract';
import type { AppContext } from '../../context.js';
import { forbidden } from '../../errors.js';

/**
 * Who may sign up (`SIGNUP`). Whether an invite token is usable is the events feature's business;
 * the caller hands that check in, so accounts never imports events (events already imports accounts).
 */
export type InviteCheck = (token: string) => Promise<boolean>;

export async function requireSignupAllowed(
  ctx: AppContext,
  body: Pick<SignupBody, 'email' | 'invite_token'>,
  inviteIsUsable: InviteCheck,
): Promise<void> {
  const { SIGNUP, SIGNUP_EMAIL_DOMAINS } = ctx.config;
  if (SIGNUP === 'open') return;
  if (SIGNUP === 'closed') {
    throw forbidden(
      'signup_closed',
      'Sign-up is closed on this server. Ask its administrator for an account.',
    );
  }
  if (SIGNUP === 'domains') {
    // Exact domains only: `example.edu` does not admit `cs.example.edu` unless it is listed too.
    const domain = body.email.slice(body.email.lastIndexOf('@') + 1);
    if (!SIGNUP_EMAIL_DOMAINS.includes(domain)) {
      throw forbidden(
        'signup_domain_not_allowed',
        `Only addresses at ${SIGNUP_EMAIL_DOMAINS.join(', ')} may sign up on this server.`,
      );
    }
    return;
  }
  if (!body.invite_token || !(await inviteIsUsable(body.invite_token))) {
    throw forbidden(
      'signup_needs_invite',
      'Sign-up on this server needs a valid event invite link. Ask someone in the event for one.',
    );
  }
}
