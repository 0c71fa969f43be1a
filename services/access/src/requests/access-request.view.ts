import { effectiveStatus, effectiveStatusSeenByRequestTenant, type AccessRequestRecord, type RequestStatus } from './access-request';

/**
 * `full`: the engineer who filed it and admins of the resource tenant. `request-tenant`: admins
 * of the tenant that filed the case, in a cross-tenant request — they see the request but not
 * whether a resource-tenant admin removed the access it granted.
 */
export type RequestPerspective = 'full' | 'request-tenant';

export interface AccessRequestView {
  id: string;
  caseId: string;
  workspaceId: string;
  requestTenantId: string;
  resourceTenantId: string;
  engineerId: string;
  justification: string;
  durationHours: number;
  status: RequestStatus;
  requiredApprovals: string[];
  approvals: { tenantId: string; approvedBy: string; at: string; durationHours: number }[];
  rejection: { tenantId: string; rejectedBy: string; reason: string | null; at: string } | null;
  createdAt: string;
  expiresAt: string;
  grantId: string | null;
  grantExpiresAt: string | null;
  endedAt: string | null;
  endReason: string | null;
}

export function toAccessRequestView(request: AccessRequestRecord, perspective: RequestPerspective, now: Date): AccessRequestView {
  const full = perspective === 'full';
  const status = full ? effectiveStatus(request, now) : effectiveStatusSeenByRequestTenant(request, now);
  return {
    id: request._id,
    caseId: request.caseId,
    workspaceId: request.workspaceId,
    requestTenantId: request.requestTenantId,
    resourceTenantId: request.resourceTenantId,
    engineerId: request.engineerId,
    justification: request.justification,
    durationHours: request.durationHours,
    status,
    requiredApprovals: request.requiredTenantIds,
    approvals: request.approvals.map((approval) => ({
      tenantId: approval.tenantId,
      approvedBy: approval.approvedBy,
      at: approval.at.toISOString(),
      durationHours: approval.durationHours ?? request.durationHours,
    })),
    rejection: request.rejection && { ...request.rejection, at: request.rejection.at.toISOString() },
    createdAt: request.createdAt.toISOString(),
    expiresAt: request.expiresAt.toISOString(),
    grantId: full ? request.grantId : null,
    grantExpiresAt: request.grantExpiresAt?.toISOString() ?? null,
    ...ending(request, status, full),
  };
}

function ending(request: AccessRequestRecord, status: RequestStatus, full: boolean): Pick<AccessRequestView, 'endedAt' | 'endReason'> {
  const recorded = full ? request.status : request.statusSeenByRequestTenant;
  if (status === 'expired' && recorded !== 'expired') {
    // Lapsed but not yet recorded by the sweep.
    const at = recorded === 'pending' ? request.expiresAt : request.grantExpiresAt;
    return { endedAt: at?.toISOString() ?? null, endReason: 'expired' };
  }
  if (full || request.status !== 'removed') return { endedAt: request.endedAt?.toISOString() ?? null, endReason: request.endReason };
  const endedAt = request.endedAtSeenByRequestTenant?.toISOString() ?? null;
  if (status === 'completed') return { endedAt, endReason: 'case-closed' };
  if (status === 'expired') return { endedAt, endReason: 'expired' };
  return { endedAt: null, endReason: null };
}
