import type { Provider } from '@nestjs/common';
import { APP_CONFIG } from '@support-hub/platform';
import { createTransport, type Mail } from 'nodemailer';
import type { InvitationConfig } from '../config/invitation.config';
import { MailboxTransport } from './mailbox.transport';

export interface MailMessage {
  from: string;
  to: string;
  subject: string;
  /** Complete MIME parts (headers + body), so the link reaches the reader exactly as written. */
  textPart: string;
  htmlPart: string;
}

/** Where invitation emails go: an SMTP server in production, a local mailbox folder otherwise. */
export interface MailTransport {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

export const MAIL_TRANSPORT = Symbol('MAIL_TRANSPORT');

class SmtpTransport implements MailTransport {
  private readonly transporter: Mail;

  constructor(url: string) {
    this.transporter = createTransport(url);
  }

  async send(message: MailMessage): Promise<void> {
    await this.transporter.sendMail(toNodemailer(message));
  }

  close(): void {
    this.transporter.close();
  }
}

export function toNodemailer(message: MailMessage): Parameters<Mail['sendMail']>[0] {
  return {
    from: message.from,
    to: message.to,
    subject: message.subject,
    text: { raw: message.textPart },
    html: { raw: message.htmlPart },
  };
}

export const mailTransportProvider: Provider = {
  provide: MAIL_TRANSPORT,
  useFactory: (config: InvitationConfig): MailTransport =>
    config.SMTP_URL ? new SmtpTransport(config.SMTP_URL) : new MailboxTransport(config.MAIL_DIR),
  inject: [APP_CONFIG],
};
