import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { ClientSession } from 'mongoose';
import { Outbox } from '@support-hub/messaging';
import { AuditTrail } from '../audit/audit.trail';
import type { AuditAction } from '../audit/audit.schema';
import type { CaseCopyRecord } from '../cases/case-copy.schema';
import { accessGranted, accessRevoked } from '../events/access-events';
import type { RequestStatus } from '../requests/access-request.schema';
import { AccessRequestsRepository } from '../requests/access-requests.repository';
import { STATUS_OF_END_REASON, type GrantBasis, type GrantEndReason, type GrantRecord } from './grant.schema';
import { ConcurrentAccessUpdateError } from './grants.errors';
import { GrantsRepository } from './grants.repository';
import { LiveGrantIndex } from './live-grant.index';

export interface GrantIssue {
  grantId?: string;
  requestId: string | null;
  caseCopy: CaseCopyRecord;
  engineerId: string;
  tenantId: string;
  basis: GrantBasis;
  hours: number;
  at: Date;
  actorId: string;
  reason: string;
}

const AUDIT_ACTION_OF_END: Record<GrantEndReason, AuditAction> = {
  'case-closed': 'grant.completed',
  removed: 'grant.removed',
  'consent-withdrawn': 'grant.revoked',
  expired: 'grant.expired',
  reassigned: 'grant.revoked',
  'engineer-deactivated': 'grant.revoked',
};

const REQUEST_STATUS_OF_END: Record<GrantEndReason, RequestStatus> = {
  'case-closed': 'completed',
  removed: 'removed',
  'consent-withdrawn': 'completed',
  expired: 'expired',
  // The approved request served its engineer; another engineer files their own.
  reassigned: 'completed',
  'engineer-deactivated': 'completed',
};

/**
 * Starts and ends grants, always inside the caller's transaction and always with their
 * consequences: the request that produced the grant follows it, the `access.*` event goes to
 * the outbox and the resource tenant's audit trail gets the line. Ending is conditional on
 * the grant still being active, so whichever path comes second (close, expiry, removal,
 * consent withdrawn, a duplicate event) does nothing.
 */
@Injectable()
export class GrantLifecycle {
  constructor(
    private readonly grants: GrantsRepository,
    private readonly requests: AccessRequestsRepository,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
    private readonly liveGrants: LiveGrantIndex,
  ) {}

  async issue(issue: GrantIssue, session: ClientSession): Promise<GrantRecord> {
    const grant: GrantRecord = {
      _id: issue.grantId ?? randomUUID(),
      requestId: issue.requestId,
      caseId: issue.caseCopy._id,
      workspaceId: issue.caseCopy.workspaceId,
      severity: issue.caseCopy.severity,
      requestTenantId: issue.caseCopy.requestTenantId,
      engineerId: issue.engineerId,
      tenantId: issue.tenantId,
      basis: issue.basis,
      status: 'active',
      grantedAt: issue.at,
      expiresAt: new Date(issue.at.getTime() + issue.hours * 3_600_000),
      endedAt: null,
      endReason: null,
      endedBy: null,
    };
    await this.grants.insert(grant, session);
    this.liveGrants.refreshWhenEnded(session, grant.engineerId, grant.tenantId);
    await this.outbox.record([accessGranted(grant)], session);
    await this.audit.record(
      [
        {
          tenantIds: [grant.tenantId],
          at: issue.at,
          actorId: issue.actorId,
          action: 'grant.created',
          reason: issue.reason,
          caseId: grant.caseId,
          requestId: grant.requestId,
          grantId: grant._id,
          details: { basis: grant.basis, engineerId: grant.engineerId, expiresAt: grant.expiresAt.toISOString() },
        },
      ],
      session,
    );
    return grant;
  }

  /** Ends an active grant; a grant already past its expiry ends as expired, at its expiry, whatever came along. */
  async end(grant: GrantRecord, reason: GrantEndReason, at: Date, actorId: string, session: ClientSession): Promise<boolean> {
    this.liveGrants.forget(grant, session);
    const lapsed = grant.expiresAt.getTime() <= at.getTime() && reason !== 'removed';
    const effective: GrantEndReason = lapsed ? 'expired' : reason;
    const endedAt = lapsed ? grant.expiresAt : at;
    const endedBy = lapsed ? 'system' : actorId;
    if (!(await this.grants.end(grant._id, STATUS_OF_END_REASON[effective], effective, endedAt, endedBy, session))) return false;
    if (grant.requestId) await this.requestFollows(grant.requestId, effective, endedAt, session);
    await this.outbox.record([accessRevoked(grant, effective, endedAt)], session);
    await this.audit.record(
      [
        {
          tenantIds: [grant.tenantId],
          at: endedAt,
          actorId: endedBy,
          action: AUDIT_ACTION_OF_END[effective],
          reason: effective,
          caseId: grant.caseId,
          requestId: grant.requestId,
          grantId: grant._id,
          details: { basis: grant.basis, engineerId: grant.engineerId },
        },
      ],
      session,
    );
    return true;
  }

  /** The approved request ends with its grant; a removal stays invisible to the request tenant. */
  private async requestFollows(requestId: string, reason: GrantEndReason, at: Date, session: ClientSession): Promise<void> {
    const request = await this.requests.findById(requestId, session);
    if (!request || request.status !== 'approved') return;
    const status = REQUEST_STATUS_OF_END[reason];
    const hidden = reason === 'removed';
    const next = {
      ...request,
      status,
      endedAt: at,
      endReason: reason,
      statusSeenByRequestTenant: hidden ? request.statusSeenByRequestTenant : status,
      endedAtSeenByRequestTenant: hidden ? request.endedAtSeenByRequestTenant : at,
      updatedAt: at,
    };
    if (!(await this.requests.replaceVersion(request, next, session))) throw new ConcurrentAccessUpdateError();
  }
}
