import { Schema } from 'mongoose';
import { GRANT_STATUSES, type GrantRecord } from './grant';

export const GRANT = 'Grant';

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
// Contract expiry: the live grants of a contract's workspaces.
grantSchema.index({ workspaceId: 1, status: 1 });
