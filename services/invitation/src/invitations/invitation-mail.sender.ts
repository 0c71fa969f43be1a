import { Inject, Injectable, Logger } from '@nestjs/common';
import { Outbox } from '@support-hub/messaging';
import { TransactionRunner } from '@support-hub/persistence';
import { APP_CONFIG, Clock } from '@support-hub/platform';
import type { InvitationConfig } from '../config/invitation.config';
import { InvitationTokens } from './invitation-tokens';
import type { InvitationRecord } from './invitation';
import { invitationDeliveryFailed } from './invitation-events';
import { InvitationsRepository } from './invitations.repository';
import { WorkspaceCopiesRepository } from '../workspaces/workspace-copies.repository';
import { invitationMail } from '../mail/invitation-mail';
import { MAIL_TRANSPORT, type MailTransport } from '../mail/mail-message';
import { MailOutboxLoop } from '../mail/mail-outbox.loop';

/**
 * Sends invitation emails after their invitation committed (see MailOutboxLoop). A failed send
 * is retried, never lost; after MAIL_MAX_ATTEMPTS the delivery shows as `failed` on the
 * invitation, `invitation.delivery-failed` is published with that change, and a resend starts over.
 */
@Injectable()
export class InvitationMailSender extends MailOutboxLoop<InvitationRecord> {
  protected readonly logger = new Logger(InvitationMailSender.name);

  constructor(
    private readonly invitations: InvitationsRepository,
    private readonly copies: WorkspaceCopiesRepository,
    private readonly tokens: InvitationTokens,
    clock: Clock,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
    @Inject(APP_CONFIG) private readonly config: InvitationConfig,
    private readonly tx: TransactionRunner,
    private readonly outbox: Outbox,
  ) {
    super(config, clock);
  }

  protected claimNext(now: Date, claim: string, leaseUntil: Date): Promise<InvitationRecord | null> {
    return this.invitations.claimDelivery(now, claim, leaseUntil);
  }

  protected async deliver(invitation: InvitationRecord, claim: string): Promise<void> {
    // A fresh token per attempt: only its hash is stored, so a retry cannot reuse the last one.
    const { token, hash } = this.tokens.issue();
    if (!(await this.invitations.setTokenHash(invitation._id, claim, hash))) return; // resent or revoked meanwhile
    const workspace = await this.copies.findWorkspace(invitation.workspaceId);
    const message = invitationMail({
      from: this.config.MAIL_FROM,
      to: invitation.email,
      workspaceName: workspace?.name ?? 'Support Hub',
      role: invitation.role,
      acceptUrl: this.config.INVITATION_ACCEPT_URL,
      token,
      expiresAt: invitation.expiresAt,
    });
    try {
      await this.transport.send(message);
    } catch (error) {
      const attempts = invitation.delivery.attempts + 1;
      const now = this.clock.now();
      const retryAt = this.retryAt(attempts);
      this.logger.warn(`invitation ${invitation._id}: sending failed (attempt ${attempts}${retryAt ? '' : ', giving up'}): ${(error as Error).message}`);
      await this.tx.run(async (session) => {
        const marked = await this.invitations.markDeliveryFailed(invitation._id, claim, (error as Error).message, retryAt, session);
        if (marked && !retryAt) await this.outbox.record([invitationDeliveryFailed(invitation, attempts, now, workspace)], session);
      });
      return;
    }
    await this.invitations.markDelivered(invitation._id, claim, this.clock.now());
  }
}
