import type { CaseRecord, CaseStatus, Severity } from './case';

export interface CaseView {
  id: string;
  workspaceId: string;
  requestTenantId: string;
  resourceTenantId: string;
  title: string;
  description: string;
  severity: Severity;
  productArea: string;
  allowAdvancedDiagnostics: boolean;
  status: CaseStatus;
  assignedEngineerId: string | null;
  assignedAt: string | null;
  openedBy: string;
  openedAt: string;
  closedBy: string | null;
  closedAt: string | null;
  reopenedAt: string | null;
  revision: number;
  updatedAt: string;
}

export function toCaseView(record: CaseRecord): CaseView {
  return {
    id: record._id,
    workspaceId: record.workspaceId,
    requestTenantId: record.requestTenantId,
    resourceTenantId: record.resourceTenantId,
    title: record.title,
    description: record.description,
    severity: record.severity,
    productArea: record.productArea,
    allowAdvancedDiagnostics: record.allowAdvancedDiagnostics,
    status: record.status,
    assignedEngineerId: record.assignedEngineerId,
    assignedAt: record.assignedAt?.toISOString() ?? null,
    openedBy: record.openedBy,
    openedAt: record.openedAt.toISOString(),
    closedBy: record.closedBy,
    closedAt: record.closedAt?.toISOString() ?? null,
    reopenedAt: record.reopenedAt?.toISOString() ?? null,
    revision: record.revision,
    updatedAt: record.updatedAt.toISOString(),
  };
}
