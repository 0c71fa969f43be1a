import { randomUUID } from 'node:crypto';
import type { EventData, EventEnvelope } from '@support-hub/contracts';

export function caseClosedData(overrides: Partial<EventData<'case.closed'>> = {}): EventData<'case.closed'> {
  return {
    caseId: randomUUID(),
    workspaceId: 'ws-1',
    requestTenantId: 'tenant-a',
    resourceTenantId: 'tenant-a',
    severity: 'B',
    productArea: 'storage',
    status: 'closed',
    assignedEngineerId: 'eng-1',
    allowAdvancedDiagnostics: false,
    revision: 3,
    closedBy: 'user-1',
    closedAt: new Date().toISOString(),
    ...overrides,
  };
}

export function caseClosedEvent(overrides: Partial<EventEnvelope<'case.closed'>> = {}): EventEnvelope<'case.closed'> {
  return {
    id: randomUUID(),
    type: 'case.closed',
    version: 1,
    source: 'case',
    occurredAt: new Date().toISOString(),
    correlationId: randomUUID(),
    causationId: null,
    workspaceId: 'ws-1',
    data: caseClosedData(),
    ...overrides,
  };
}
