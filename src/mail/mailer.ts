export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Sends mail; which transport is a deployment choice (SMTP_URL), not a concern of the callers. */
export abstract class Mailer {
  abstract send(message: MailMessage): Promise<void>;
}
