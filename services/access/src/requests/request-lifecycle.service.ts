import { Injectable } from '@nestjs/common';
import type { ClientSession } from 'mongoose';
import { Outbox } from '@support-hub/messaging';
import { AuditTrail } from '../audit/audit.trail';
import { accessRequestEnded } from '../events/access-events';
import { ConcurrentAccessUpdateError } from '../grants/grants.errors';
import type { AccessRequestRecord } from './access-request.schema';
import { AccessRequestsRepository } from './access-requests.repository';

/** Ends a pending request without a grant (withdrawn, case closed, unanswered), with its event and audit line. */
@Injectable()
export class RequestLifecycle {
  constructor(
    private readonly requests: AccessRequestsRepository,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
  ) {}

  async endPending(
    request: AccessRequestRecord,
    outcome: 'cancelled' | 'expired',
    reason: 'withdrawn' | 'case-closed' | 'expired' | 'reassigned' | 'engineer-deactivated',
    at: Date,
    actorId: string,
    session: ClientSession,
  ): Promise<AccessRequestRecord> {
    const next: AccessRequestRecord = {
      ...request,
      status: outcome,
      statusSeenByRequestTenant: outcome,
      endedAt: at,
      endedAtSeenByRequestTenant: at,
      endReason: reason,
      updatedAt: at,
    };
    if (!(await this.requests.replaceVersion(request, next, session))) throw new ConcurrentAccessUpdateError();
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
}
