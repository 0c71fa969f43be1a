import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { ClientSession } from 'mongoose';
import { Outbox } from '@support-hub/messaging';
import { AuditTrail } from '../audit/audit.trail';
import { GrantLifecycle } from '../grants/grant-lifecycle.service';
import type { GrantEnding, GrantRecord } from '../grants/grant';
import { ConcurrentAccessUpdateError } from '../grants/grants.errors';
import { endHiddenRemoval, endPending, followGrantEnd, type AccessRequestRecord, type PendingEndReason } from './access-request';
import { accessRequestEnded } from './access-request.events';
import { AccessRequestsRepository } from './access-requests.repository';

/**
 * Stores the ends of requests the model decides, with their event and audit line, inside the
 * caller's transaction: a pending request ended without a grant, and an approved request
 * following its grant's end (it listens to the grant lifecycle, so grants never import requests).
 */
@Injectable()
export class RequestLifecycle implements OnModuleInit {
  constructor(
    private readonly requests: AccessRequestsRepository,
    private readonly grants: GrantLifecycle,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
  ) {}

  onModuleInit(): void {
    this.grants.onEnded((grant, ending, session) => this.followGrant(grant, ending, session));
  }

  async endPending(request: AccessRequestRecord, reason: PendingEndReason, at: Date, actorId: string, session: ClientSession): Promise<AccessRequestRecord> {
    const next = endPending(request, reason, at);
    await this.save(request, next, session);
    const outcome = next.status === 'expired' ? 'expired' : 'cancelled';
    await this.outbox.record([accessRequestEnded(next, outcome)], session);
    await this.audit.record(
      [
        {
          tenantIds: request.requiredTenantIds,
          at,
          actorId,
          action: outcome === 'expired' ? 'request.expired' : 'request.cancelled',
          reason,
          caseId: request.caseId,
          requestId: request._id,
        },
      ],
      session,
    );
    return next;
  }

  /** The request tenant's view of a removed approval ends too, as it would have without the removal. */
  async endHiddenRemoval(request: AccessRequestRecord, cause: 'case-closed' | 'expired', at: Date, session?: ClientSession): Promise<void> {
    const next = endHiddenRemoval(request, cause, at);
    if (next) await this.requests.replaceVersion(request, next, session);
  }

  private async followGrant(grant: GrantRecord, ending: GrantEnding, session: ClientSession): Promise<void> {
    if (!grant.requestId) return;
    const request = await this.requests.findById(grant.requestId, session);
    const next = request && followGrantEnd(request, ending);
    if (request && next) await this.save(request, next, session);
  }

  private async save(current: AccessRequestRecord, next: AccessRequestRecord, session: ClientSession): Promise<void> {
    if (!(await this.requests.replaceVersion(current, next, session))) throw new ConcurrentAccessUpdateError();
  }
}
