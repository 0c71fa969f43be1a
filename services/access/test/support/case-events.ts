import type { EventData } from '@support-hub/contracts';

/** A case as `GET /cases/:id` of the case service shows it: what a `case.*` event repeats. */
export interface CaseView {
  id: string;
  workspaceId: string;
  requestTenantId: string;
  resourceTenantId: string;
  severity: 'A' | 'B' | 'C';
  productArea: string;
  assignedEngineerId: string | null;
  allowAdvancedDiagnostics: boolean;
  revision: number;
}

/** The `case.assigned` the case service publishes for `current` now naming `engineerId` (e.g. a reassignment, a late booking). */
export function caseAssigned(current: CaseView, change: { engineerId: string | null; revision?: number; allowAdvancedDiagnostics?: boolean }): EventData<'case.assigned'> {
  return {
    caseId: current.id,
    workspaceId: current.workspaceId,
    requestTenantId: current.requestTenantId,
    resourceTenantId: current.resourceTenantId,
    severity: current.severity,
    productArea: current.productArea,
    status: 'open',
    assignedEngineerId: change.engineerId,
    allowAdvancedDiagnostics: change.allowAdvancedDiagnostics ?? current.allowAdvancedDiagnostics,
    revision: change.revision ?? current.revision + 1,
    assignedAt: new Date().toISOString(),
  };
}
