import nodemailer from 'nodemailer';
import { MailDeliveryError, type Mailer, type OutgoingMail } from './mailer.js';

/** Delivers through the SMTP server named by `SMTP_URL` (options such as `?ignoreTLS=true` ride in the query). */
export function createSmtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    // A slow or dead relay must fail the request in seconds, not hang it.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  } as Parameters<typeof nodemailer.createTransport>[0]);
  return {
    kind: 'smtp',
    async send(mail: OutgoingMail) {
      try {
        await transport.sendMail({
          from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
        });
      } catch (error) {
        throw new MailDeliveryError(`SMTP delivery failed: ${(error as Error).message}`);
      }
    },
    async close() {
      transport.close();
    },
  };
}
