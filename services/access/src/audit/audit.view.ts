import type { AuditRecord } from './audit.schema';

export interface AuditRecordView {
  id: string;
  tenantId: string;
  at: string;
  actorId: string;
  action: string;
  reason: string | null;
  caseId: string | null;
  requestId: string | null;
  grantId: string | null;
  details: AuditRecord['details'];
}

export function toAuditRecordView(record: AuditRecord): AuditRecordView {
  return {
    id: record._id,
    tenantId: record.tenantId,
    at: record.at.toISOString(),
    actorId: record.actorId,
    action: record.action,
    reason: record.reason,
    caseId: record.caseId,
    requestId: record.requestId,
    grantId: record.grantId,
    details: record.details,
  };
}
