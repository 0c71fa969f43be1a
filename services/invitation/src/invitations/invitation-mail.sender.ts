import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, Clock } from '@support-hub/platform';
import type { InvitationConfig } from '../config/invitation.config';
import { InvitationTokens } from './invitation-tokens';
import type { InvitationRecord } from './invitation';
import { InvitationsRepository } from './invitations.repository';
import { WorkspaceCopiesRepository } from '../workspaces/workspace-copies.repository';
import { invitationMail } from '../mail/invitation-mail';
import { MAIL_TRANSPORT, type MailTransport } from '../mail/mail-message';

const LEASE_MS = 60_000;
const MAX_RETRY_DELAY_MS = 15 * 60_000;

/**
 * Sends invitation emails after their invitation committed, like an outbox relay: nudged right
 * after a commit, polling as a fallback (a crash, a nudge on another replica), retrying with
 * growing delays. A failed send is retried, never lost; after MAIL_MAX_ATTEMPTS the delivery
 * shows as `failed` on the invitation and a resend starts over.
 */
@Injectable()
export class InvitationMailSender implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(InvitationMailSender.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private requested = false;
  private stopped = true;

  constructor(
    private readonly invitations: InvitationsRepository,
    private readonly copies: WorkspaceCopiesRepository,
    private readonly tokens: InvitationTokens,
    private readonly clock: Clock,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
    @Inject(APP_CONFIG) private readonly config: InvitationConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.stopped = false;
    this.timer = setInterval(() => this.nudge(), this.config.MAIL_POLL_MS);
    this.timer.unref();
    this.nudge();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
    this.transport.close();
  }

  /** Ask for a pass soon; nudges during a pass coalesce into one more pass. */
  nudge(): void {
    if (this.stopped) return;
    this.requested = true;
    if (!this.running) this.running = this.drain().finally(() => (this.running = undefined));
  }

  /** Resolves when no pass is running (tests). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    while (this.requested && !this.stopped) {
      this.requested = false;
      try {
        while (!this.stopped && (await this.sendNext())) {
          // keep going while emails are due
        }
      } catch (error) {
        this.logger.error(`mail pass failed: ${(error as Error).message}`);
      }
    }
  }

  /** Sends one due email; false when none is due. */
  async sendNext(): Promise<boolean> {
    const now = this.clock.now();
    const claim = randomUUID();
    const invitation = await this.invitations.claimDelivery(now, claim, new Date(now.getTime() + LEASE_MS));
    if (!invitation) return false;
    await this.deliver(invitation, claim);
    return true;
  }

  private async deliver(invitation: InvitationRecord, claim: string): Promise<void> {
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
      const retryAt = attempts >= this.config.MAIL_MAX_ATTEMPTS ? null : new Date(this.clock.now().getTime() + this.retryDelay(attempts));
      this.logger.warn(`invitation ${invitation._id}: sending failed (attempt ${attempts}${retryAt ? '' : ', giving up'}): ${(error as Error).message}`);
      await this.invitations.markDeliveryFailed(invitation._id, claim, (error as Error).message, retryAt);
      return;
    }
    await this.invitations.markDelivered(invitation._id, claim, this.clock.now());
  }

  private retryDelay(attempts: number): number {
    return Math.min(this.config.MAIL_RETRY_BASE_MS * 2 ** (attempts - 1), MAX_RETRY_DELAY_MS);
  }
}
