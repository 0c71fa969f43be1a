import type { NewEvent } from '@support-hub/contracts';
import { z } from 'zod';
import type { AccessRequestRecord } from './access-request';

const EVENT_EMAIL = z.email().max(320);

// A request's events are ordered by the request (its aggregate id).
function requestAddress(request: AccessRequestRecord) {
  return { aggregateId: request._id, workspaceId: request.workspaceId, tenantId: request.resourceTenantId };
}

function requestContext(request: AccessRequestRecord) {
  return { requestId: request._id, caseId: request.caseId, workspaceId: request.workspaceId, severity: request.severity };
}

/** `engineer`: how to reach the engineer, from the token they filed with (the notices about their request go there). */
export function accessRequested(request: AccessRequestRecord, engineer: { email: string; name: string | null }): NewEvent<'access.requested'> {
  return {
    type: 'access.requested',
    ...requestAddress(request),
    data: {
      ...requestContext(request),
      requestTenantId: request.requestTenantId,
      resourceTenantId: request.resourceTenantId,
      engineerId: request.engineerId,
      expiresAt: request.expiresAt.toISOString(),
      justification: request.justification,
      durationHours: request.durationHours,
      // A token's email is not checked as an address; an event carries only one that is.
      ...(EVENT_EMAIL.safeParse(engineer.email).success ? { engineerEmail: engineer.email } : {}),
      engineerName: engineer.name,
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
      durationHours: request.approvals.find((approval) => approval.tenantId === tenantId)?.durationHours ?? request.durationHours,
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
