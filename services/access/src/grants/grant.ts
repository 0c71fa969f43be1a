import { SYSTEM_ACTOR } from '../audit/system-actor';

/**
 * A grant: read-only access of one engineer to one tenant's diagnostic data for one case, until
 * the earliest of its ending causes. Pure: no Nest, database or clock; the only writer of a
 * grant's state. Services load a grant, ask this model what changes, and store the answer.
 */

export const GRANT_STATUSES = ['active', 'completed', 'removed', 'expired', 'revoked'] as const;
export type GrantStatus = (typeof GRANT_STATUSES)[number];
export type GrantBasis = 'request' | 'consent';
/**
 * Why a grant ended; `status` follows from it (case-closed → completed, consent-withdrawn,
 * reassigned, engineer-deactivated and contract-expired → revoked).
 */
export type GrantEndReason = 'case-closed' | 'removed' | 'consent-withdrawn' | 'expired' | 'reassigned' | 'engineer-deactivated' | 'contract-expired';

/**
 * A row is live when `status` is active and `expiresAt` is in the future: every read checks both,
 * so an expiry nobody has recorded yet still ends access on time.
 */
export interface GrantRecord {
  _id: string;
  requestId: string | null;
  caseId: string;
  workspaceId: string;
  severity: 'A' | 'B' | 'C';
  requestTenantId: string;
  engineerId: string;
  tenantId: string;
  basis: GrantBasis;
  status: GrantStatus;
  grantedAt: Date;
  expiresAt: Date;
  endedAt: Date | null;
  endReason: GrantEndReason | null;
  endedBy: string | null;
}

export const STATUS_OF_END_REASON: Record<GrantEndReason, GrantStatus> = {
  'case-closed': 'completed',
  removed: 'removed',
  'consent-withdrawn': 'revoked',
  expired: 'expired',
  reassigned: 'revoked',
  'engineer-deactivated': 'revoked',
  'contract-expired': 'revoked',
};

/**
 * Nothing new starts under a contract whose term has ended (`contractEndsAt` passed), whether or
 * not `contract.expired` has arrived: no grant, no request, no approval. Null: a contract this
 * service has heard nothing of, which counts as running.
 */
export function contractHasEnded(contractEndsAt: Date | null, now: Date): boolean {
  return contractEndsAt !== null && contractEndsAt.getTime() <= now.getTime();
}

/** What a grant needs to know of its case (a case copy has these and more). */
/** What the access check and every diagnostic read need of a live grant. */
export type LiveGrant = Pick<GrantRecord, '_id' | 'basis' | 'expiresAt' | 'caseId' | 'workspaceId'>;

/** What the in-memory live-grant index keeps of each active grant: the above and its key. */
export type IndexedGrant = LiveGrant & Pick<GrantRecord, 'engineerId' | 'tenantId'>;

export interface GrantCase {
  _id: string;
  workspaceId: string;
  severity: 'A' | 'B' | 'C';
  requestTenantId: string;
}

export interface NewGrant {
  id: string;
  requestId: string | null;
  case: GrantCase;
  engineerId: string;
  tenantId: string;
  basis: GrantBasis;
  hours: number;
  at: Date;
}

export function newGrant(input: NewGrant): GrantRecord {
  return {
    _id: input.id,
    requestId: input.requestId,
    caseId: input.case._id,
    workspaceId: input.case.workspaceId,
    severity: input.case.severity,
    requestTenantId: input.case.requestTenantId,
    engineerId: input.engineerId,
    tenantId: input.tenantId,
    basis: input.basis,
    status: 'active',
    grantedAt: input.at,
    expiresAt: expiryOf(input.at, input.hours),
    endedAt: null,
    endReason: null,
    endedBy: null,
  };
}

/** A grant (and an approved request's grant) lasts `hours` from the moment it starts. */
export function expiryOf(start: Date, hours: number): Date {
  return new Date(start.getTime() + hours * 3_600_000);
}

export function isLive(grant: Pick<GrantRecord, 'status' | 'expiresAt'>, now: Date): boolean {
  return grant.status === 'active' && grant.expiresAt.getTime() > now.getTime();
}

/** The status as of `now`, whether or not the expiry has been recorded yet. */
export function effectiveGrantStatus(grant: Pick<GrantRecord, 'status' | 'expiresAt'>, now: Date): GrantStatus {
  return grant.status === 'active' && !isLive(grant, now) ? 'expired' : grant.status;
}

export interface GrantEnding {
  status: GrantStatus;
  reason: GrantEndReason;
  endedAt: Date;
  endedBy: string;
}

/**
 * How an active grant ends when `reason` comes along at `at`. A grant already past its expiry
 * ended as expired, at its expiry, whatever came along later — except a removal, which an admin
 * sees recorded as they made it.
 */
export function endingOf(grant: Pick<GrantRecord, 'expiresAt'>, reason: GrantEndReason, at: Date, actorId: string): GrantEnding {
  const lapsed = grant.expiresAt.getTime() <= at.getTime() && reason !== 'removed';
  const effective: GrantEndReason = lapsed ? 'expired' : reason;
  return { status: STATUS_OF_END_REASON[effective], reason: effective, endedAt: lapsed ? grant.expiresAt : at, endedBy: lapsed ? SYSTEM_ACTOR : actorId };
}
