import { Injectable, Logger } from '@nestjs/common';
import { TransactionRunner } from '@support-hub/persistence';
import { Clock } from '@support-hub/platform';
import { SYSTEM_ACTOR } from '../audit/system-actor';
import { GrantLifecycle } from '../grants/grant-lifecycle.service';
import { GrantsRepository } from '../grants/grants.repository';
import { AccessRequestsRepository } from '../requests/access-requests.repository';
import { RequestLifecycle } from '../requests/request-lifecycle.service';

const BATCH = 200;

/**
 * Records expiries that have happened: unanswered requests past their deadline, grants past
 * their expiry, and removed approvals the request tenant still sees. Access never depends on this
 * having run (every read compares `expiresAt` with the clock, and lists filter by the status as
 * of now); it makes the stored states, events and audit lines catch up. Runs from a timer only
 * (never inside a read); concurrent calls share one pass.
 */
@Injectable()
export class ExpiryService {
  private readonly logger = new Logger(ExpiryService.name);
  private pass: Promise<void> | null = null;

  constructor(
    private readonly requests: AccessRequestsRepository,
    private readonly grants: GrantsRepository,
    private readonly requestLifecycle: RequestLifecycle,
    private readonly grantLifecycle: GrantLifecycle,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  expireDue(): Promise<void> {
    this.pass ??= this.runPass().finally(() => {
      this.pass = null;
    });
    return this.pass;
  }

  private async runPass(): Promise<void> {
    const now = this.clock.now();
    for (const due of await this.requests.pendingDue(now, BATCH)) {
      await this.tx.run(async (session) => {
        const current = await this.requests.findById(due._id, session);
        if (!current || current.status !== 'pending' || current.expiresAt > now) return;
        await this.requestLifecycle.endPending(current, 'expired', current.expiresAt, SYSTEM_ACTOR, session);
      });
    }
    let expiredGrants = 0;
    for (const due of await this.grants.activeDue(now, BATCH)) {
      const ended = await this.tx.run((session) => this.grantLifecycle.end(due, 'expired', now, SYSTEM_ACTOR, session));
      if (ended) expiredGrants++;
    }
    for (const removed of await this.requests.hiddenRemovalsDue(now, BATCH)) {
      await this.requestLifecycle.endHiddenRemoval(removed, 'expired', now);
    }
    if (expiredGrants > 0) this.logger.log(`recorded ${expiredGrants} expired grant(s)`);
  }
}
