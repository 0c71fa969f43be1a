import { Schema } from 'mongoose';
import { REQUEST_STATUSES, type AccessRequestRecord, type Approval, type Rejection } from './access-request';

export const ACCESS_REQUEST = 'AccessRequest';

const approvalSchema = new Schema<Approval>(
  { tenantId: { type: String, required: true }, approvedBy: { type: String, required: true }, at: { type: Date, required: true }, durationHours: { type: Number } },
  { _id: false },
);

const rejectionSchema = new Schema<Rejection>(
  {
    tenantId: { type: String, required: true },
    rejectedBy: { type: String, required: true },
    reason: { type: String, default: null },
    at: { type: Date, required: true },
  },
  { _id: false },
);

export const accessRequestSchema = new Schema<AccessRequestRecord>(
  {
    _id: { type: String, required: true },
    caseId: { type: String, required: true },
    workspaceId: { type: String, required: true },
    severity: { type: String, enum: ['A', 'B', 'C'], required: true },
    requestTenantId: { type: String, required: true },
    resourceTenantId: { type: String, required: true },
    engineerId: { type: String, required: true },
    justification: { type: String, required: true },
    durationHours: { type: Number, required: true },
    status: { type: String, enum: REQUEST_STATUSES, required: true },
    statusSeenByRequestTenant: { type: String, enum: REQUEST_STATUSES, required: true },
    endedAtSeenByRequestTenant: { type: Date, default: null },
    requiredTenantIds: { type: [String], required: true },
    approvals: { type: [approvalSchema], default: [] },
    rejection: { type: rejectionSchema, default: null },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    grantId: { type: String, default: null },
    grantExpiresAt: { type: Date, default: null },
    endedAt: { type: Date, default: null },
    endReason: { type: String, default: null },
    updatedAt: { type: Date, required: true },
    version: { type: Number, required: true },
  },
  { collection: 'access_requests', versionKey: false, minimize: false },
);
accessRequestSchema.index({ caseId: 1, status: 1 });
accessRequestSchema.index({ engineerId: 1, createdAt: -1 });
accessRequestSchema.index({ resourceTenantId: 1, createdAt: -1 });
accessRequestSchema.index({ requestTenantId: 1, createdAt: -1 });
accessRequestSchema.index({ status: 1, expiresAt: 1 });
// Contract expiry: the pending requests of a contract's workspaces.
accessRequestSchema.index({ workspaceId: 1, status: 1 });
