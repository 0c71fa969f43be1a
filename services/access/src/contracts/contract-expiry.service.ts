import { Injectable } from '@nestjs/common';
import type { EventEnvelope } from '@support-hub/contracts';
import { Inbox } from '@support-hub/messaging';
import { TransactionRunner } from '@support-hub/persistence';
import { Clock } from '@support-hub/platform';
import { SYSTEM_ACTOR } from '../audit/system-actor';
import { CaseCopiesRepository } from '../case-copies/case-copies.repository';
import { ContractCopiesRepository } from '../contract-copies/contract-copies.repository';
import { GrantLifecycle } from '../grants/grant-lifecycle.service';
import { GrantsRepository } from '../grants/grants.repository';
import { LiveGrantIndex } from '../grants/live-grant.index';
import { AccessRequestsRepository } from '../requests/access-requests.repository';
import { RequestLifecycle } from '../requests/request-lifecycle.service';

const INBOX_HANDLER = 'end-access-of-expired-contract';

type ContractEvent = EventEnvelope<'contract.updated'> | EventEnvelope<'contract.expired'>;

/**
 * A contract's term ended: every live grant of its workspaces ends (`contract-expired`) and every
 * pending request there is cancelled; until the term is extended, nothing new starts
 * (`contractHasEnded` in the models, from the copy kept here).
 *
 * As robust as the close: the grants stop answering from the moment the event arrives
 * (`hideWorkspacesWhile`); the ends, their events (outbox), audit lines and the inbox mark commit
 * in one transaction, so a crash before commit leaves the event to be redelivered and a duplicate
 * finds the mark and does nothing; each end is conditional on the grant or request still being
 * active/pending, so a path that got there first wins and nothing ends twice. A late
 * `contract.expired` (after a renewal) still ends the access it finds: it fails closed.
 */
@Injectable()
export class ContractExpiryService {
  constructor(
    private readonly contracts: ContractCopiesRepository,
    private readonly caseCopies: CaseCopiesRepository,
    private readonly grants: GrantsRepository,
    private readonly requests: AccessRequestsRepository,
    private readonly grantLifecycle: GrantLifecycle,
    private readonly requestLifecycle: RequestLifecycle,
    private readonly liveGrants: LiveGrantIndex,
    private readonly inbox: Inbox,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  /** contract.updated: the term (a renewal, a shortening) and the workspaces, for the checks. */
  async recordTerms({ data }: ContractEvent): Promise<void> {
    await this.contracts.store({ _id: data.contractId, endsAt: new Date(data.endsAt), workspaceIds: [...data.workspaceIds], revision: data.revision });
  }

  async endAccessOfExpiredContract(event: EventEnvelope<'contract.expired'>): Promise<void> {
    const { workspaceIds } = event.data;
    await this.recordTerms(event);
    // As for a close: the grants stop answering before any database work, and stay hidden while a failed expiry may be retried.
    await this.liveGrants.hideWorkspacesWhile(workspaceIds, () => this.tx.run((session) =>
      this.inbox.once(
        event,
        session,
        async () => {
          const now = this.clock.now();
          // A consent grant or approval committing meanwhile for one of these cases conflicts
          // with this write: one transaction retries and sees the other (no write skew).
          await this.caseCopies.claimOpenInWorkspaces(workspaceIds, session);
          for (const grant of await this.grants.activeInWorkspaces(workspaceIds, session)) {
            await this.grantLifecycle.end(grant, 'contract-expired', now, SYSTEM_ACTOR, session);
          }
          for (const request of await this.requests.pendingInWorkspaces(workspaceIds, session)) {
            await this.requestLifecycle.endPending(request, 'contract-expired', now, SYSTEM_ACTOR, session);
          }
        },
        INBOX_HANDLER,
      ),
    ));
  }
}
