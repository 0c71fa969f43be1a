import type { AuthenticatedUser } from '@support-hub/auth';
import { ManageSupportAccessRequiredError } from '../tenancy/tenancy.errors';
import type { AccessRequestRecord } from './access-request';
import type { RequestPerspective } from './access-request.view';
import { AccessRequestNotFoundError, SelfApprovalError } from './access-requests.errors';

/** How the caller relates to a request, which decides what they may see and do. */
export type RequestRelation = { kind: 'requester' } | { kind: 'admin'; perspective: RequestPerspective } | { kind: 'tenant-user' } | { kind: 'stranger' };

/**
 * Admins act for the tenant in their token. An admin of the resource tenant sees everything;
 * an admin of only the request tenant sees the request as the request tenant may know it.
 */
export function relationOf(user: AuthenticatedUser, request: AccessRequestRecord): RequestRelation {
  if (user.actsAs('support-engineer', request.engineerId)) return { kind: 'requester' };
  if (!request.requiredTenantIds.includes(user.tenantId)) return { kind: 'stranger' };
  if (!user.canManageSupportAccessOf(user.tenantId)) return { kind: 'tenant-user' };
  return { kind: 'admin', perspective: user.tenantId === request.resourceTenantId ? 'full' : 'request-tenant' };
}

/** What the caller may see of the request: 404 for strangers (no existence leak), 403 for users without the permission. */
export function perspectiveOf(user: AuthenticatedUser, request: AccessRequestRecord): RequestPerspective {
  const relation = relationOf(user, request);
  if (relation.kind === 'requester') return 'full';
  if (relation.kind === 'admin') return relation.perspective;
  if (relation.kind === 'tenant-user') throw new ManageSupportAccessRequiredError();
  throw new AccessRequestNotFoundError();
}

/** May decide (approve, reject): 404 unless the caller may see it; 403 for the requester and users without the permission. */
export function assertMayDecide(user: AuthenticatedUser, request: AccessRequestRecord): void {
  if (relationOf(user, request).kind === 'requester') throw new SelfApprovalError();
  perspectiveOf(user, request);
}
