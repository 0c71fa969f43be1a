import type { Provider } from '@nestjs/common';
import { APP_CONFIG } from '@support-hub/platform';
import { createTransport, type Mail } from 'nodemailer';
import type { InvitationConfig } from '../config/invitation.config';
import { MAIL_TRANSPORT, toNodemailer, type MailMessage, type MailTransport } from './mail-message';
import { MailboxTransport } from './mailbox.transport';

class SmtpTransport implements MailTransport {
  private readonly transporter: Mail;

  constructor(url: string) {
    this.transporter = createTransport(url);
  }

  async send(message: MailMessage): Promise<void> {
    await this.transporter.sendMail(toNodemailer(message));
  }

  onApplicationShutdown(): void {
    this.close();
  }

  close(): void {
    this.transporter.close();
  }
}

/** SMTP when SMTP_URL is set (production), else the local mailbox folder tests and people read. */
export const mailTransportProvider: Provider = {
  provide: MAIL_TRANSPORT,
  useFactory: (config: InvitationConfig): MailTransport =>
    config.SMTP_URL ? new SmtpTransport(config.SMTP_URL) : new MailboxTransport(config.MAIL_DIR),
  inject: [APP_CONFIG],
};
