import type { NewEvent } from '@support-hub/contracts';
import type { AccessRequestRecord } from '../requests/access-request.schema';
import type { GrantEndReason, GrantRecord } from '../grants/grant.schema';

// A request's events are ordered by the request; a grant's by the grant.
function requestAddress(request: AccessRequestRecord) {
  return { aggregateId: request._id, workspaceId: request.workspaceId, tenantId: request.resourceTenantId };
}

function requestContext(request: AccessRequestRecord) {
  return { requestId: request._id, caseId: request.caseId, workspaceId: request.workspaceId, severity: request.severity };
}

export function accessRequested(request: AccessRequestRecord): NewEvent<'access.requested'> {
  return {
    type: 'access.requested',
    ...requestAddress(request),
    data: {
      ...requestContext(request),
      requestTenantId: request.requestTenantId,
      resourceTenantId: request.resourceTenantId,
      engineerId: request.engineerId,
      expiresAt: request.expiresAt.toISOString(),
    },
  };
}

export function accessApproved(request: AccessRequestRecord, tenantId: string, approvedBy: string): NewEvent<'access.approved'> {
  return {
    type: 'access.approved',
    ...requestAddress(request),
    data: {
      ...requestContext(request),
      requestTenantId: request.requestTenantId,
      approvingTenantId: tenantId,
      approvedBy,
      fullyApproved: request.status === 'approved',
    },
  };
}

export function accessRejected(request: AccessRequestRecord): NewEvent<'access.rejected'> {
  const rejection = request.rejection!;
  return {
    type: 'access.rejected',
    ...requestAddress(request),
    data: {
      ...requestContext(request),
      requestTenantId: request.requestTenantId,
      rejectingTenantId: rejection.tenantId,
      rejectedBy: rejection.rejectedBy,
      reason: rejection.reason,
    },
  };
}

export function accessRequestEnded(request: AccessRequestRecord, outcome: 'cancelled' | 'expired'): NewEvent<'access.request-ended'> {
  return {
    type: 'access.request-ended',
    ...requestAddress(request),
    data: { ...requestContext(request), requestTenantId: request.requestTenantId, outcome, endedAt: request.endedAt!.toISOString() },
  };
}

function grantAddress(grant: GrantRecord) {
  return { aggregateId: grant._id, workspaceId: grant.workspaceId, tenantId: grant.tenantId };
}

function grantContext(grant: GrantRecord) {
  return {
    grantId: grant._id,
    requestId: grant.requestId,
    caseId: grant.caseId,
    workspaceId: grant.workspaceId,
    engineerId: grant.engineerId,
    tenantId: grant.tenantId,
    severity: grant.severity,
    requestTenantId: grant.requestTenantId,
  };
}

export function accessGranted(grant: GrantRecord): NewEvent<'access.granted'> {
  return { type: 'access.granted', ...grantAddress(grant), data: { ...grantContext(grant), basis: grant.basis, expiresAt: grant.expiresAt.toISOString() } };
}

export function accessRevoked(grant: GrantRecord, reason: GrantEndReason, at: Date): NewEvent<'access.revoked'> {
  return { type: 'access.revoked', ...grantAddress(grant), data: { ...grantContext(grant), reason, revokedAt: at.toISOString() } };
}
