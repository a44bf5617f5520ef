import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import type { Transporter } from 'nodemailer';
import { MailDeliveryError, type Mailer, type OutgoingMail } from './mailer.js';

/**
 * The embedded mail driver: each message becomes an `.eml` file under `DATA_DIR/outbox`, and its
 * console hint (the code) is logged, so a local user can sign up without a mail server.
 */
export function createOutboxMailer(dir: string, from: string, log: FastifyBaseLogger): Mailer {
  // nodemailer only composes the message here; imported on the first mail, not at start.
  let composer: Transporter | undefined;
  const compose = async () => {
    const { default: nodemailer } = await import('nodemailer');
    composer ??= nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
    return composer;
  };
  return {
    kind: 'outbox',
    async send(mail: OutgoingMail) {
      try {
        const info = await (await compose()).sendMail({
          from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
        });
        await mkdir(dir, { recursive: true, mode: 0o700 });
        const stamp = new Date().toISOString().replace(/[:.]/g, '-');
        const file = path.join(dir, `${stamp}-${randomBytes(4).toString('hex')}.eml`);
        await writeFile(file, info.message as Buffer, { mode: 0o600 });
        if (mail.consoleHint) log.info({ outbox: file }, mail.consoleHint);
      } catch (error) {
        throw new MailDeliveryError(`Outbox write failed: ${(error as Error).message}`);
      }
    },
    async close() {},
  };
}
