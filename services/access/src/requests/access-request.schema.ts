import { Schema } from 'mongoose';

export const ACCESS_REQUEST = 'AccessRequest';

export const REQUEST_STATUSES = ['pending', 'approved', 'rejected', 'expired', 'cancelled', 'completed', 'removed'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export interface Approval {
  tenantId: string;
  approvedBy: string;
  at: Date;
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
  /** Why it ended: rejected, withdrawn, case-closed, expired, removed. */
  endReason: string | null;
  updatedAt: Date;
  /** Optimistic concurrency: every change is conditional on the version it read. */
  version: number;
}

const approvalSchema = new Schema<Approval>(
  { tenantId: { type: String, required: true }, approvedBy: { type: String, required: true }, at: { type: Date, required: true } },
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
