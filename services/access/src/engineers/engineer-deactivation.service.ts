import { Injectable } from '@nestjs/common';
import type { EventEnvelope } from '@support-hub/contracts';
import { Inbox } from '@support-hub/messaging';
import { TransactionRunner } from '@support-hub/persistence';
import { Clock } from '@support-hub/platform';
import { EngineerCopiesRepository } from '../engineer-copies/engineer-copies.repository';
import { withDeactivation } from '../engineer-copies/engineer-copy';
import { GrantLifecycle } from '../grants/grant-lifecycle.service';
import { GrantsRepository } from '../grants/grants.repository';
import { LiveGrantIndex } from '../grants/live-grant.index';
import { AccessRequestsRepository } from '../requests/access-requests.repository';
import { RequestLifecycle } from '../requests/request-lifecycle.service';

const INBOX_HANDLER = 'end-access-of-deactivated-engineer';

/**
 * A deactivated engineer keeps no access: every live grant they hold ends (`engineer-deactivated`,
 * whatever its case or basis) and every request they filed that is still pending is cancelled.
 *
 * As robust as the close: the engineer's grants stop answering from the moment the event
 * arrives (`hideEngineerWhile`); the ends, their events (outbox), audit lines and the inbox
 * mark commit in one transaction, so a crash before commit leaves the event to be redelivered
 * and a duplicate finds the mark and does nothing. Each end is also conditional on the grant
 * or request still being active/pending, so a path that got there first (close, reassignment,
 * expiry) wins and nothing ends twice.
 *
 * The engineer's copy records the deactivation in the same transaction, and every transaction
 * that gives access claims that copy first, so a consent grant or an approval racing this
 * event either commits before it (and is ended here) or sees the engineer inactive.
 *
 * A deactivation that arrives very late (after the engineer was reactivated and given new
 * access) ends that access too: it fails closed, never open.
 */
@Injectable()
export class EngineerDeactivationService {
  constructor(
    private readonly grants: GrantsRepository,
    private readonly requests: AccessRequestsRepository,
    private readonly grantLifecycle: GrantLifecycle,
    private readonly requestLifecycle: RequestLifecycle,
    private readonly liveGrants: LiveGrantIndex,
    private readonly engineers: EngineerCopiesRepository,
    private readonly inbox: Inbox,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  async endAccessOfDeactivatedEngineer(event: EventEnvelope<'engineer.deactivated'>): Promise<void> {
    const { engineerId, deactivatedBy, deactivatedAt } = event.data;
    await this.liveGrants.hideEngineerWhile(engineerId, () =>
      this.tx.run((session) =>
        this.inbox.once(
          event,
          session,
          async () => {
            await this.engineers.record(engineerId, (previous) => withDeactivation(previous, engineerId, new Date(deactivatedAt)), session);
            const now = this.clock.now();
            for (const grant of await this.grants.activeOfEngineer(engineerId, session)) {
              await this.grantLifecycle.end(grant, 'engineer-deactivated', now, deactivatedBy, session);
            }
            for (const request of await this.requests.pendingOfEngineer(engineerId, session)) {
              await this.requestLifecycle.endPending(request, 'engineer-deactivated', now, deactivatedBy, session);
            }
          },
          INBOX_HANDLER,
        ),
      ),
    );
  }
}
