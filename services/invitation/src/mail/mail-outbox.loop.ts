import type { Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Clock } from '@support-hub/platform';

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
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private requested = false;
  private stopped = true;

  constructor(
    private readonly settings: MailLoopSettings,
    protected readonly clock: Clock,
  ) {}

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
    this.stopped = false;
    this.timer = setInterval(() => this.nudge(), this.settings.MAIL_POLL_MS);
    this.timer.unref();
    this.nudge();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
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
}
