import { isPersonalAccountTenant } from '@support-hub/auth';
import type { AccessRequestRecord, RequestStatus } from './access-request.schema';

/** Approval is needed in each tenant involved: one for a same-tenant request, two for a cross-tenant one. */
export function requiredTenantsOf(requestTenantId: string, resourceTenantId: string): string[] {
  return requestTenantId === resourceTenantId ? [requestTenantId] : [requestTenantId, resourceTenantId];
}

/**
 * No diagnostics access of any kind concerns the Personal consumer tenant: neither as the
 * resource tenant nor as the tenant that filed the case (its "admins" would be any Personal
 * account, which administers no directory).
 */
export function involvesPersonalAccountTenant(request: Pick<AccessRequestRecord, 'requestTenantId' | 'resourceTenantId'>): boolean {
  return isPersonalAccountTenant(request.requestTenantId) || isPersonalAccountTenant(request.resourceTenantId);
}

/** True once every tenant involved has approved. */
export function isFullyApproved(request: Pick<AccessRequestRecord, 'requiredTenantIds' | 'approvals'>): boolean {
  return request.requiredTenantIds.every((tenantId) => request.approvals.some((approval) => approval.tenantId === tenantId));
}

export function hasApprovedFor(request: Pick<AccessRequestRecord, 'approvals'>, tenantId: string): boolean {
  return request.approvals.some((approval) => approval.tenantId === tenantId);
}

/**
 * The status as of `now`, whether or not the sweep has recorded an expiry yet: an unanswered
 * request past its deadline, or an approval past its grant's expiry, reads as expired.
 */
export function effectiveStatus(request: Pick<AccessRequestRecord, 'status' | 'expiresAt' | 'grantExpiresAt'>, now: Date): RequestStatus {
  return lapsed(request.status, request, now) ? 'expired' : request.status;
}

/** The same, for what the request tenant may know (a removal shows as the approval it was). */
export function effectiveStatusSeenByRequestTenant(
  request: Pick<AccessRequestRecord, 'statusSeenByRequestTenant' | 'expiresAt' | 'grantExpiresAt'>,
  now: Date,
): RequestStatus {
  return lapsed(request.statusSeenByRequestTenant, request, now) ? 'expired' : request.statusSeenByRequestTenant;
}

function lapsed(status: RequestStatus, request: Pick<AccessRequestRecord, 'expiresAt' | 'grantExpiresAt'>, now: Date): boolean {
  if (status === 'pending') return request.expiresAt.getTime() <= now.getTime();
  if (status === 'approved') return request.grantExpiresAt !== null && request.grantExpiresAt.getTime() <= now.getTime();
  return false;
}
