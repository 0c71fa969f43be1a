import type { Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { type Clock, DrainLoop } from '@support-hub/platform';

const LEASE_MS = 60_000;
const MAX_RETRY_DELAY_MS = 15 * 60_000;

export interface MailLoopSettings {
  MAIL_POLL_MS: number;
  MAIL_MAX_ATTEMPTS: number;
  MAIL_RETRY_BASE_MS: number;
}

/**
 * Sends emails that were committed with their state change, like an outbox relay: nudged right
 * after a commit, polling as a fallback (a crash, a nudge on another replica). A subclass says
 * how to lease and send the next due email; leases make one replica send a given email.
 */
export abstract class MailOutboxLoop<T> implements OnApplicationBootstrap, OnModuleDestroy {
  protected abstract readonly logger: Logger;
  private readonly loop: DrainLoop;

  constructor(
    private readonly settings: MailLoopSettings,
    protected readonly clock: Clock,
  ) {
    this.loop = new DrainLoop('mail pass', settings.MAIL_POLL_MS, () => this.sendNext(), { warn: (message: string) => this.logger.error(message) });
  }

  /** Leases the next due email's document for this claim, if any. */
  protected abstract claimNext(now: Date, claim: string, leaseUntil: Date): Promise<T | null>;

  /** Sends the leased email and records the outcome (see retryAt). */
  protected abstract deliver(item: T, claim: string): Promise<void>;

  /** Sends one due email; false when none is due. */
  async sendNext(): Promise<boolean> {
    const now = this.clock.now();
    const claim = randomUUID();
    const item = await this.claimNext(now, claim, new Date(now.getTime() + LEASE_MS));
    if (!item) return false;
    await this.deliver(item, claim);
    return true;
  }

  /** When to try again after `attempts` failed attempts: doubling delays, capped at 15 minutes; null once MAIL_MAX_ATTEMPTS are spent. */
  protected retryAt(attempts: number): Date | null {
    if (attempts >= this.settings.MAIL_MAX_ATTEMPTS) return null;
    const delay = Math.min(this.settings.MAIL_RETRY_BASE_MS * 2 ** (attempts - 1), MAX_RETRY_DELAY_MS);
    return new Date(this.clock.now().getTime() + delay);
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.loop.stop();
  }

  /** Ask for a pass soon; nudges during a pass coalesce into one more pass. */
  nudge(): void {
    this.loop.nudge();
  }

  /** Resolves when no pass is running (shutdown, tests). */
  idle(): Promise<void> {
    return this.loop.idle();
  }
}
