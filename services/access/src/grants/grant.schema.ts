import { Schema } from 'mongoose';

export const GRANT = 'Grant';

export const GRANT_STATUSES = ['active', 'completed', 'removed', 'expired', 'revoked'] as const;
export type GrantStatus = (typeof GRANT_STATUSES)[number];
export type GrantBasis = 'request' | 'consent';
/**
 * Why a grant ended; `status` follows from it (case-closed → completed, consent-withdrawn,
 * reassigned and engineer-deactivated → revoked).
 */
export type GrantEndReason = 'case-closed' | 'removed' | 'consent-withdrawn' | 'expired' | 'reassigned' | 'engineer-deactivated';

/**
 * Read-only access of one engineer to one tenant's diagnostic data for one case. A row is
 * live when `status` is active and `expiresAt` is in the future: every read checks both, so
 * an expiry nobody has recorded yet still ends access on time.
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

export const grantSchema = new Schema<GrantRecord>(
  {
    _id: { type: String, required: true },
    requestId: { type: String, default: null },
    caseId: { type: String, required: true },
    workspaceId: { type: String, required: true },
    severity: { type: String, enum: ['A', 'B', 'C'], required: true },
    requestTenantId: { type: String, required: true },
    engineerId: { type: String, required: true },
    tenantId: { type: String, required: true },
    basis: { type: String, enum: ['request', 'consent'], required: true },
    status: { type: String, enum: GRANT_STATUSES, required: true },
    grantedAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    endedAt: { type: Date, default: null },
    endReason: { type: String, default: null },
    endedBy: { type: String, default: null },
  },
  { collection: 'access_grants', versionKey: false },
);
// The hot path (access check, diagnostic reads): one equality lookup on this index.
grantSchema.index({ engineerId: 1, tenantId: 1, status: 1 });
grantSchema.index({ caseId: 1, status: 1 });
grantSchema.index({ tenantId: 1, grantedAt: -1 });
grantSchema.index({ status: 1, expiresAt: 1 });

export const STATUS_OF_END_REASON: Record<GrantEndReason, GrantStatus> = {
  'case-closed': 'completed',
  removed: 'removed',
  'consent-withdrawn': 'revoked',
  expired: 'expired',
  reassigned: 'revoked',
  'engineer-deactivated': 'revoked',
};
