import type { NewEvent } from '@support-hub/contracts';
import type { CaseRecord } from './case';

/** The state every case event carries, so a consumer can build its copy from any one of them. */
function snapshotOf(record: CaseRecord) {
  return {
    caseId: record._id,
    workspaceId: record.workspaceId,
    requestTenantId: record.requestTenantId,
    resourceTenantId: record.resourceTenantId,
    severity: record.severity,
    productArea: record.productArea,
    status: record.status,
    assignedEngineerId: record.assignedEngineerId,
    allowAdvancedDiagnostics: record.allowAdvancedDiagnostics,
    revision: record.revision,
  };
}

// The case is the aggregate: the outbox publishes its events in revision order.
function addressOf(record: CaseRecord) {
  return { aggregateId: record._id, workspaceId: record.workspaceId, tenantId: record.requestTenantId };
}

export function caseOpened(record: CaseRecord): NewEvent<'case.opened'> {
  return {
    type: 'case.opened',
    ...addressOf(record),
    data: { ...snapshotOf(record), title: record.title, openedBy: record.openedBy, openedAt: record.openedAt.toISOString() },
  };
}

/**
 * Also announces a case sent back to waiting (its engineer was deactivated and nobody else has
 * the expertise): `assignedEngineerId` null, `assignedAt` the time it was unassigned.
 */
export function caseAssigned(record: CaseRecord): NewEvent<'case.assigned'> {
  return { type: 'case.assigned', ...addressOf(record), data: { ...snapshotOf(record), assignedAt: (record.assignedAt ?? record.updatedAt).toISOString() } };
}

export function caseConsentChanged(record: CaseRecord, changedBy: string): NewEvent<'case.consent-changed'> {
  return { type: 'case.consent-changed', ...addressOf(record), data: { ...snapshotOf(record), changedBy } };
}

export function caseClosed(record: CaseRecord): NewEvent<'case.closed'> {
  return { type: 'case.closed', ...addressOf(record), data: { ...snapshotOf(record), closedBy: record.closedBy!, closedAt: record.closedAt!.toISOString() } };
}

export function caseReopened(record: CaseRecord): NewEvent<'case.reopened'> {
  return {
    type: 'case.reopened',
    ...addressOf(record),
    data: { ...snapshotOf(record), reopenedBy: record.reopenedBy!, reopenedAt: record.reopenedAt!.toISOString() },
  };
}

/** Published beside the `case.assigned` of the same revision (which ends the previous engineer's access). */
export function caseReassigned(record: CaseRecord, previousEngineerId: string | null, reassignedBy: string): NewEvent<'case.reassigned'> {
  return {
    type: 'case.reassigned',
    ...addressOf(record),
    data: { ...snapshotOf(record), assignedEngineerId: record.assignedEngineerId!, previousEngineerId, reassignedBy, assignedAt: record.assignedAt!.toISOString() },
  };
}
