import type { MemberRole } from '@pixeli/contract';
import { escapeHtml } from '../../http/escape-html.js';
import { htmlPage } from '../../http/html-page.js';

/**
 * The page an invite link (`/invite/<token>`) shows in a browser until a web app serves it: the
 * event, who invites, the role it gives and until when, and how to join; or why the link no longer
 * works. Every text from the database is escaped here.
 */

export type InvitePageView =
  | {
      kind: 'invite';
      token: string;
      eventTitle: string;
      eventStartsAt: Date | null;
      eventLocation: string;
      inviterName: string | null;
      role: MemberRole;
      expiresAt: Date;
    }
  | { kind: 'unknown' }
  | { kind: 'gone' };

const ROLE_WORDS: Record<MemberRole, string> = {
  viewer: 'see its photos',
  contributor: 'see its photos and add your own',
};

const day = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: 'UTC' });
const moment = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' });

function invitePage(v: Extract<InvitePageView, { kind: 'invite' }>) {
  const who = v.inviterName ? escapeHtml(v.inviterName) : 'Someone';
  const when = [v.eventStartsAt ? day.format(v.eventStartsAt) : '', v.eventLocation]
    .filter(Boolean)
    .join(' · ');
  const acceptPath = `/api/invites/${encodeURIComponent(v.token)}/accept/`;
  return htmlPage(
    `Join ${v.eventTitle} on Pixel-i`,
    `<meta property="og:title" content="${escapeHtml(`Join ${v.eventTitle} on Pixel-i`)}">\n`,
    `<div class="body">
<p class="brand">Pixel-i</p>
<h1>${escapeHtml(v.eventTitle)}</h1>
${when ? `<p class="soft">${escapeHtml(when)}</p>\n` : ''}<p>${who} invites you to join this event as a <strong>${escapeHtml(v.role)}</strong>: you will ${ROLE_WORDS[v.role]}.</p>
<p><strong>Sign in to join.</strong> Pixel-i has no web app yet: in a Pixel-i app, sign in (or sign up) and open this link, or send an authenticated <code>POST ${escapeHtml(acceptPath)}</code> to this server.</p>
<p class="soft">This invite works until ${escapeHtml(moment.format(v.expiresAt))} UTC.</p>
</div>`,
  );
}

export function renderInvitePage(view: InvitePageView): string {
  if (view.kind === 'invite') return invitePage(view);
  const [title, text] =
    view.kind === 'gone'
      ? [
          'This invite no longer works',
          'It has expired, was revoked or has been used up. Ask the person who invited you for a new one.',
        ]
      : [
          'This invite link is not valid',
          'Check that the whole link was copied, or ask the person who invited you for a new one.',
        ];
  return htmlPage(
    title,
    '',
    `<div class="body">
<p class="brand">Pixel-i</p>
<h1>${title}</h1>
<p>${text}</p>
</div>`,
  );
}
