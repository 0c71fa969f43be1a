import { z } from 'zod';
import { email, id, isoTime, severity, tenantId } from './common';

/**
 * Why a grant ended. Added later in v1: `reassigned` (the case went to another engineer),
 * `engineer-deactivated` (the engineer was deactivated in the directory) and `contract-expired`
 * (the term of the workspace's contract ended). A `removed` revocation is the resource tenant's
 * business: never show it (or its reason) to the request tenant.
 */
export const revocationReason = z.enum(['case-closed', 'removed', 'consent-withdrawn', 'expired', 'reassigned', 'engineer-deactivated', 'contract-expired']);

/**
 * Added in v1 (optional, so events recorded before stay valid): the case's severity for
 * activity views, and the tenant that filed the case. A `removed` revocation concerns only the
 * resource tenant (`tenantId`): consumers must not show it to the request tenant.
 */
const caseContext = { severity: severity.optional(), requestTenantId: tenantId.optional() };

export const accessRequested = z.object({
  ...caseContext,
  requestId: id,
  caseId: id,
  workspaceId: id,
  requestTenantId: tenantId,
  resourceTenantId: tenantId,
  engineerId: id,
  expiresAt: isoTime,
  /** Added in v1: why the engineer asks, and for how many hours. */
  justification: z.string().optional(),
  durationHours: z.number().positive().optional(),
  /** Added in v1: how to reach the engineer (from their token when they filed), for the notices about their request. */
  engineerEmail: email.optional(),
  engineerName: z.string().nullable().optional(),
});

export const accessApproved = z.object({
  ...caseContext,
  requestId: id,
  caseId: id,
  workspaceId: id,
  approvingTenantId: tenantId,
  approvedBy: id,
  fullyApproved: z.boolean(),
  /** Added in v1: the hours this approval allows (at most the requested ones; the shortest approval applies). */
  durationHours: z.number().positive().optional(),
});

export const accessRejected = z.object({
  ...caseContext,
  requestId: id,
  caseId: id,
  workspaceId: id,
  rejectingTenantId: tenantId,
  rejectedBy: id,
  reason: z.string().nullable(),
});

export const accessGranted = z.object({
  ...caseContext,
  grantId: id,
  requestId: id.nullable(),
  caseId: id,
  workspaceId: id,
  engineerId: id,
  tenantId,
  basis: z.enum(['request', 'consent']),
  expiresAt: isoTime,
});

export const accessRevoked = z.object({
  ...caseContext,
  grantId: id,
  requestId: id.nullable(),
  caseId: id,
  workspaceId: id,
  engineerId: id,
  tenantId,
  reason: revocationReason,
  revokedAt: isoTime,
});

/** A request that ended without becoming a grant (cancelled by close or withdrawal, or expired). */
export const accessRequestEnded = z.object({
  ...caseContext,
  requestId: id,
  caseId: id,
  workspaceId: id,
  outcome: z.enum(['cancelled', 'expired']),
  endedAt: isoTime,
});
