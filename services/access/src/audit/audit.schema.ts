import { Schema } from 'mongoose';

export const AUDIT_RECORD = 'AuditRecord';

export type AuditAction =
  | 'request.created'
  | 'request.approved'
  | 'request.rejected'
  | 'request.cancelled'
  | 'request.expired'
  | 'grant.created'
  | 'grant.removed'
  | 'grant.completed'
  | 'grant.expired'
  | 'grant.revoked'
  | 'diagnostics.read'
  | 'diagnostics.read-refused';

/** One append-only line of the audit trail of a tenant: who did what, when and why. */
export interface AuditRecord {
  _id: string;
  /** The tenant the record concerns; only its admins read it. */
  tenantId: string;
  at: Date;
  /** A user id, or `system` for what the service did by itself (expiry, case closed). */
  actorId: string;
  action: AuditAction;
  reason: string | null;
  caseId: string | null;
  requestId: string | null;
  grantId: string | null;
  details: Record<string, string | number | boolean | null>;
}

export const auditRecordSchema = new Schema<AuditRecord>(
  {
    _id: { type: String, required: true },
    tenantId: { type: String, required: true },
    at: { type: Date, required: true },
    actorId: { type: String, required: true },
    action: { type: String, required: true },
    reason: { type: String, default: null },
    caseId: { type: String, default: null },
    requestId: { type: String, default: null },
    grantId: { type: String, default: null },
    details: { type: Schema.Types.Mixed, default: {} },
  },
  { collection: 'audit_records', versionKey: false, minimize: false },
);
auditRecordSchema.index({ tenantId: 1, at: -1, _id: -1 });

// Append-only: the model refuses to change or delete what it wrote.
const MUTATIONS = ['updateOne', 'updateMany', 'findOneAndUpdate', 'replaceOne', 'findOneAndReplace', 'deleteOne', 'deleteMany', 'findOneAndDelete'] as const;
for (const operation of MUTATIONS) {
  auditRecordSchema.pre(operation, () => {
    throw new Error(`audit records are append-only (${operation} refused)`);
  });
}
