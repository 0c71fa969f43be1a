import { effectiveGrantStatus, type GrantBasis, type GrantEndReason, type GrantRecord, type GrantStatus } from './grant';

export interface GrantView {
  id: string;
  requestId: string | null;
  caseId: string;
  engineerId: string;
  tenantId: string;
  basis: GrantBasis;
  status: GrantStatus;
  grantedAt: string;
  expiresAt: string;
  endedAt: string | null;
  endReason: GrantEndReason | null;
  endedBy: string | null;
}

/** Expiry is checked on read: an active grant past its expiry shows as expired before the sweep records it. */
export function toGrantView(grant: GrantRecord, now: Date): GrantView {
  const status = effectiveGrantStatus(grant, now);
  const lapsed = status !== grant.status;
  return {
    id: grant._id,
    requestId: grant.requestId,
    caseId: grant.caseId,
    engineerId: grant.engineerId,
    tenantId: grant.tenantId,
    basis: grant.basis,
    status,
    grantedAt: grant.grantedAt.toISOString(),
    expiresAt: grant.expiresAt.toISOString(),
    endedAt: lapsed ? grant.expiresAt.toISOString() : (grant.endedAt?.toISOString() ?? null),
    endReason: lapsed ? 'expired' : grant.endReason,
    endedBy: lapsed ? 'system' : grant.endedBy,
  };
}

export interface AccessCheckView {
  allowed: boolean;
  basis?: GrantBasis;
  grantId?: string;
  expiresAt?: string;
}
