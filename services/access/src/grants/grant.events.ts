import type { NewEvent } from '@support-hub/contracts';
import type { GrantEndReason, GrantRecord } from './grant';

// A grant's events are ordered by the grant (its aggregate id).
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
