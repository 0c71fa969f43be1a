import { Injectable, Logger } from '@nestjs/common';
import { TransactionRunner } from '@support-hub/persistence';
import { Clock } from '@support-hub/platform';
import { SYSTEM_ACTOR } from '../audit/audit.trail';
import { GrantLifecycle } from '../grants/grant-lifecycle.service';
import { GrantsRepository } from '../grants/grants.repository';
import { AccessRequestsRepository } from '../requests/access-requests.repository';
import { RequestLifecycle } from '../requests/request-lifecycle.service';

const BATCH = 200;

/**
 * Records expiries that have happened: unanswered requests past their deadline and grants
 * past their expiry. Access never depends on this having run (every read compares
 * `expiresAt` with the clock); it makes the states, events and audit lines catch up.
 * Runs from a timer and before list reads; concurrent calls share one pass.
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
        await this.requestLifecycle.endPending(current, 'expired', 'expired', current.expiresAt, SYSTEM_ACTOR, session);
      });
    }
    let expiredGrants = 0;
    for (const due of await this.grants.activeDue(now, BATCH)) {
      const ended = await this.tx.run((session) => this.grantLifecycle.end(due, 'expired', now, SYSTEM_ACTOR, session));
      if (ended) expiredGrants++;
    }
    await this.requests.expireRemovedAsSeenByRequestTenant(now);
    if (expiredGrants > 0) this.logger.log(`recorded ${expiredGrants} expired grant(s)`);
  }
}
