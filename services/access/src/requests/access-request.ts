import { isPersonalAccountTenant } from '@support-hub/auth';
import { contractHasEnded, expiryOf, type GrantEndReason, type GrantEnding } from '../grants/grant';
import {
  AlreadyApprovedError,
  ContractExpiredError,
  DurationExceedsRequestedError,
  PersonalAccountNoDiagnosticsError,
  RequestExpiredError,
  RequestNotPendingError,
  SelfApprovalError,
} from './access-requests.errors';

/**
 * A support access request: an engineer asks for read access to one tenant's diagnostic data
 * for one case; an admin of each tenant involved approves; any rejection ends it; unanswered, it
 * expires. Pure: no Nest, database or clock. Every change of a request's state is made here.
 *
 * `pending` → `approved` → `completed` (the case closed) | `removed` | `expired`;
 * `pending` → `rejected` | `expired` | `cancelled` (the case closed first, or the engineer withdrew).
 */

export const REQUEST_STATUSES = ['pending', 'approved', 'rejected', 'expired', 'cancelled', 'completed', 'removed'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export interface Approval {
  tenantId: string;
  approvedBy: string;
  at: Date;
  /** The hours this approval allows (at most the requested ones); absent on approvals stored before approvers could shorten. */
  durationHours?: number;
}

export interface Rejection {
  tenantId: string;
  rejectedBy: string;
  reason: string | null;
  at: Date;
}

export interface AccessRequestRecord {
  _id: string;
  caseId: string;
  workspaceId: string;
  severity: 'A' | 'B' | 'C';
  requestTenantId: string;
  resourceTenantId: string;
  engineerId: string;
  justification: string;
  durationHours: number;
  status: RequestStatus;
  /**
   * The status as admins of the request tenant may know it. It follows `status` except that a
   * removal by the resource tenant is never shown: the request stays `approved` for them, then
   * `completed` or `expired` as it would have without the removal.
   */
  statusSeenByRequestTenant: RequestStatus;
  endedAtSeenByRequestTenant: Date | null;
  /** Tenants whose approval is needed: the request tenant and the resource tenant (one if they are the same). */
  requiredTenantIds: string[];
  approvals: Approval[];
  rejection: Rejection | null;
  createdAt: Date;
  /** When a pending request expires unanswered. */
  expiresAt: Date;
  grantId: string | null;
  grantExpiresAt: Date | null;
  endedAt: Date | null;
  /** Why it ended: rejected, withdrawn, case-closed, expired, removed, reassigned, engineer-deactivated. */
  endReason: string | null;
  updatedAt: Date;
  /** Optimistic concurrency: every change is conditional on the version it read. */
  version: number;
}

export type PendingEndReason = 'withdrawn' | 'case-closed' | 'expired' | 'reassigned' | 'engineer-deactivated' | 'contract-expired';

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

export interface FiledRequest {
  id: string;
  case: { _id: string; workspaceId: string; severity: 'A' | 'B' | 'C'; requestTenantId: string };
  engineerId: string;
  resourceTenantId: string;
  justification: string;
  durationHours: number;
  /** How long it may wait for its approvals. */
  ttlHours: number;
  at: Date;
  /** The end of the term of the case's contract, if known. */
  contractEndsAt: Date | null;
}

export function fileRequest(input: FiledRequest): AccessRequestRecord {
  if (contractHasEnded(input.contractEndsAt, input.at)) throw new ContractExpiredError();
  if (involvesPersonalAccountTenant({ requestTenantId: input.case.requestTenantId, resourceTenantId: input.resourceTenantId })) {
    throw new PersonalAccountNoDiagnosticsError();
  }
  return {
    _id: input.id,
    caseId: input.case._id,
    workspaceId: input.case.workspaceId,
    severity: input.case.severity,
    requestTenantId: input.case.requestTenantId,
    resourceTenantId: input.resourceTenantId,
    engineerId: input.engineerId,
    justification: input.justification.trim(),
    durationHours: input.durationHours,
    status: 'pending',
    statusSeenByRequestTenant: 'pending',
    endedAtSeenByRequestTenant: null,
    requiredTenantIds: requiredTenantsOf(input.case.requestTenantId, input.resourceTenantId),
    approvals: [],
    rejection: null,
    createdAt: input.at,
    expiresAt: new Date(input.at.getTime() + input.ttlHours * 3_600_000),
    grantId: null,
    grantExpiresAt: null,
    endedAt: null,
    endReason: null,
    updatedAt: input.at,
    version: 0,
  };
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

/** Deciding (approve, reject, withdraw) needs a request still pending as of `now`. */
export function assertPending(request: AccessRequestRecord, now: Date): void {
  const status = effectiveStatus(request, now);
  // Expired unanswered, whether or not the expiry sweep has stored it yet: one answer.
  if (status === 'expired' && request.grantId === null) throw new RequestExpiredError();
  if (status !== 'pending') throw new RequestNotPendingError(status);
}

export interface Decider {
  userId: string;
  tenantId: string;
}

export interface ApprovalOutcome {
  request: AccessRequestRecord;
  /** Set when this approval was the last one needed: the grant to issue, with this id, for these hours. */
  grant: { id: string; hours: number; expiresAt: Date } | null;
}

export interface ApprovalTerms {
  /** The approver may shorten the requested duration, never lengthen it. */
  durationHours?: number;
  /** The end of the term of the case's contract, if known: no approval after it. */
  contractEndsAt: Date | null;
}

/** The grant lasts the shortest duration any approval allowed (the requested one when none shortened it). */
export function grantHoursOf(request: Pick<AccessRequestRecord, 'durationHours' | 'approvals'>): number {
  return Math.min(request.durationHours, ...request.approvals.map((approval) => approval.durationHours ?? request.durationHours));
}

/**
 * An admin's approval for their tenant. The requester never approves, each tenant approves once,
 * and when every tenant involved has approved the request is approved and its grant starts now,
 * for the shortest duration any of them allowed.
 */
export function approve(request: AccessRequestRecord, by: Decider, now: Date, newGrantId: () => string, terms: ApprovalTerms): ApprovalOutcome {
  if (by.userId === request.engineerId) throw new SelfApprovalError();
  assertPending(request, now);
  // Requests filed before this rule existed: approving one must not create access either.
  if (involvesPersonalAccountTenant(request)) throw new PersonalAccountNoDiagnosticsError();
  if (contractHasEnded(terms.contractEndsAt, now)) throw new ContractExpiredError();
  if (hasApprovedFor(request, by.tenantId)) throw new AlreadyApprovedError();
  const durationHours = terms.durationHours ?? request.durationHours;
  if (durationHours > request.durationHours) throw new DurationExceedsRequestedError(request.durationHours);
  const approvals = [...request.approvals, { tenantId: by.tenantId, approvedBy: by.userId, at: now, durationHours }];
  const next: AccessRequestRecord = { ...request, approvals, updatedAt: now };
  if (!isFullyApproved(next)) return { request: next, grant: null };
  const hours = grantHoursOf(next);
  const grant = { id: newGrantId(), hours, expiresAt: expiryOf(now, hours) };
  return {
    request: { ...next, status: 'approved', statusSeenByRequestTenant: 'approved', grantId: grant.id, grantExpiresAt: grant.expiresAt },
    grant,
  };
}

/** Any rejection, by any tenant involved, ends the request. The requester never rejects. */
export function reject(request: AccessRequestRecord, by: Decider, reason: string | undefined, now: Date): AccessRequestRecord {
  if (by.userId === request.engineerId) throw new SelfApprovalError();
  assertPending(request, now);
  return {
    ...request,
    status: 'rejected',
    statusSeenByRequestTenant: 'rejected',
    rejection: { tenantId: by.tenantId, rejectedBy: by.userId, reason: reason?.trim() || null, at: now },
    endedAt: now,
    endedAtSeenByRequestTenant: now,
    endReason: 'rejected',
    updatedAt: now,
  };
}

/** A pending request ends without a grant: withdrawn, its case closed or reassigned, its engineer gone, or unanswered. */
export function endPending(request: AccessRequestRecord, reason: PendingEndReason, at: Date): AccessRequestRecord {
  const outcome = reason === 'expired' ? 'expired' : 'cancelled';
  return { ...request, status: outcome, statusSeenByRequestTenant: outcome, endedAt: at, endedAtSeenByRequestTenant: at, endReason: reason, updatedAt: at };
}

const STATUS_AFTER_GRANT_END: Record<GrantEndReason, RequestStatus> = {
  'case-closed': 'completed',
  removed: 'removed',
  'consent-withdrawn': 'completed',
  expired: 'expired',
  // The approved request served its engineer; another engineer files their own.
  reassigned: 'completed',
  'engineer-deactivated': 'completed',
  'contract-expired': 'completed',
};

/**
 * An approved request ends with its grant; null when there is nothing to change. A removal stays
 * invisible to the request tenant, who keeps seeing the approval until it would have ended.
 */
export function followGrantEnd(request: AccessRequestRecord, ending: Pick<GrantEnding, 'reason' | 'endedAt'>): AccessRequestRecord | null {
  if (request.status !== 'approved') return null;
  const status = STATUS_AFTER_GRANT_END[ending.reason];
  const hidden = ending.reason === 'removed';
  return {
    ...request,
    status,
    endedAt: ending.endedAt,
    endReason: ending.reason,
    statusSeenByRequestTenant: hidden ? request.statusSeenByRequestTenant : status,
    endedAtSeenByRequestTenant: hidden ? request.endedAtSeenByRequestTenant : ending.endedAt,
    updatedAt: ending.endedAt,
  };
}

/**
 * What the request tenant sees of a removed approval once it would have ended anyway: completed
 * when its case closes, expired at its grant's expiry. Null when they already see it ended.
 */
export function endHiddenRemoval(request: AccessRequestRecord, cause: 'case-closed' | 'expired', at: Date): AccessRequestRecord | null {
  if (request.status !== 'removed' || request.statusSeenByRequestTenant !== 'approved') return null;
  if (cause === 'case-closed') return { ...request, statusSeenByRequestTenant: 'completed', endedAtSeenByRequestTenant: at, updatedAt: at };
  if (request.grantExpiresAt === null || request.grantExpiresAt.getTime() > at.getTime()) return null;
  return { ...request, statusSeenByRequestTenant: 'expired', endedAtSeenByRequestTenant: request.grantExpiresAt, updatedAt: at };
}

function lapsed(status: RequestStatus, request: Pick<AccessRequestRecord, 'expiresAt' | 'grantExpiresAt'>, now: Date): boolean {
  if (status === 'pending') return request.expiresAt.getTime() <= now.getTime();
  if (status === 'approved') return request.grantExpiresAt !== null && request.grantExpiresAt.getTime() <= now.getTime();
  return false;
}
