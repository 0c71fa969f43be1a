import type { Mail } from 'nodemailer';

export interface MailMessage {
  from: string;
  to: string;
  subject: string;
  /** Complete MIME parts (headers + body), so the link reaches the reader exactly as written. */
  textPart: string;
  htmlPart: string;
}

/**
 * Where emails go: an SMTP server in production, a local mailbox folder otherwise. Shared by the
 * senders, so it closes itself at application shutdown, after every sender has stopped.
 */
export interface MailTransport {
  send(message: MailMessage): Promise<void>;
  close(): void;
  onApplicationShutdown?(): void;
}

export const MAIL_TRANSPORT = Symbol('MAIL_TRANSPORT');

export function toNodemailer(message: MailMessage): Parameters<Mail['sendMail']>[0] {
  return {
    from: message.from,
    to: message.to,
    subject: message.subject,
    text: { raw: message.textPart },
    html: { raw: message.htmlPart },
  };
}
