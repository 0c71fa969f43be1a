import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, Clock } from '@support-hub/platform';
import type { InvitationConfig } from '../config/invitation.config';
import { MAIL_TRANSPORT, type MailTransport } from '../mail/mail-message';
import { MailOutboxLoop } from '../mail/mail-outbox.loop';
import type { AccessNoticeRecord } from './access-notice';
import { accessNoticeMail } from './access-notice-mail';
import { AccessNoticesRepository } from './access-notices.repository';

/** Sends the stored access notices (see MailOutboxLoop), with the invitations' retry settings. */
@Injectable()
export class AccessNoticeMailSender extends MailOutboxLoop<AccessNoticeRecord> {
  protected readonly logger = new Logger(AccessNoticeMailSender.name);

  constructor(
    private readonly notices: AccessNoticesRepository,
    clock: Clock,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
    @Inject(APP_CONFIG) private readonly config: InvitationConfig,
  ) {
    super(config, clock);
  }

  protected claimNext(now: Date, claim: string, leaseUntil: Date): Promise<AccessNoticeRecord | null> {
    return this.notices.claimDelivery(now, claim, leaseUntil);
  }

  protected async deliver(notice: AccessNoticeRecord, claim: string): Promise<void> {
    try {
      await this.transport.send(accessNoticeMail(notice, { from: this.config.MAIL_FROM, consoleUrl: this.config.CONSOLE_URL }));
    } catch (error) {
      const attempts = notice.delivery.attempts + 1;
      const retryAt = this.retryAt(attempts);
      this.logger.warn(`access notice ${notice._id}: sending failed (attempt ${attempts}${retryAt ? '' : ', giving up'}): ${(error as Error).message}`);
      await this.notices.markDeliveryFailed(notice._id, claim, (error as Error).message, retryAt);
      return;
    }
    await this.notices.markDelivered(notice._id, claim, this.clock.now());
  }
}
