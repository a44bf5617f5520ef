/** A message as the features compose it; drivers decide how it leaves the process. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /**
   * A line the embedded outbox prints so a local user can read their code from the console.
   * Drivers that really deliver mail never log it.
   */
  consoleHint?: string;
}

export interface Mailer {
  readonly kind: 'smtp' | 'outbox';
  send(mail: OutgoingMail): Promise<void>;
  close(): Promise<void>;
}

export class MailDeliveryError extends Error {
  override name = 'MailDeliveryError';
}
