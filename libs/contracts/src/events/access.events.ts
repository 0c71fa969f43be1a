import { z } from 'zod';
import { id, isoTime, severity, tenantId } from './common';

/**
 * Why a grant ended. Added later in v1: `reassigned` (the case went to another engineer) and
 * `engineer-deactivated` (the engineer was deactivated in the directory).
 */
export const revocationReason = z.enum(['case-closed', 'removed', 'consent-withdrawn', 'expired', 'reassigned', 'engineer-deactivated']);

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
});

export const accessApproved = z.object({
  ...caseContext,
  requestId: id,
  caseId: id,
  workspaceId: id,
  approvingTenantId: tenantId,
  approvedBy: id,
  fullyApproved: z.boolean(),
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
