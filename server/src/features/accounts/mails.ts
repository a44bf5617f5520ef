import { escapeHtml } from '../../http/escape-html.js';
import type { OutgoingMail } from '../../platform/mail/mailer.js';

/** The product's account mails, in one place: text and HTML bodies with the same words. */

function codeMail(opts: {
  to: string;
  name: string;
  code: string;
  ttlMinutes: number;
  subject: string;
  lead: string;
  hint: string;
}): OutgoingMail {
  const { to, name, code, ttlMinutes, subject, lead } = opts;
  const text = [
    `Hi ${name},`,
    '',
    `${lead} Your Pixel-i code is:`,
    '',
    `    ${code}`,
    '',
    `It works for ${ttlMinutes} minutes. If you did not ask for it, you can ignore this email.`,
    '',
    '— Pixel-i',
  ].join('\n');
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#1b1b1f">
<p>Hi ${escapeHtml(name)},</p>
<p>${escapeHtml(lead)} Your Pixel-i code is:</p>
<p style="font-size:28px;font-weight:700;letter-spacing:6px">${code}</p>
<p>It works for ${ttlMinutes} minutes. If you did not ask for it, you can ignore this email.</p>
<p>— Pixel-i</p></body></html>`;
  return { to, subject, text, html, consoleHint: `${opts.hint} for ${to}: ${code}` };
}

export const verificationMail = (to: string, name: string, code: string, ttlMinutes: number) =>
  codeMail({
    to,
    name,
    code,
    ttlMinutes,
    subject: `${code} is your Pixel-i verification code`,
    lead: 'Welcome to Pixel-i! Confirm your email to finish signing up.',
    hint: 'verification code',
  });

export const passwordResetMail = (to: string, name: string, code: string, ttlMinutes: number) =>
  codeMail({
    to,
    name,
    code,
    ttlMinutes,
    subject: `${code} is your Pixel-i password reset code`,
    lead: 'Someone (hopefully you) asked to reset your password.',
    hint: 'password reset code',
  });
