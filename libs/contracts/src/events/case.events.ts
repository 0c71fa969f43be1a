import { z } from 'zod';
import { id, isoTime, revision, severity, tenantId } from './common';

/** Fields every case event repeats, so a consumer can build its copy from any one of them. */
const caseSnapshot = {
  caseId: id,
  workspaceId: id,
  requestTenantId: tenantId,
  resourceTenantId: tenantId,
  severity,
  productArea: z.string(),
  status: z.enum(['open', 'closed']),
  assignedEngineerId: id.nullable(),
  allowAdvancedDiagnostics: z.boolean(),
  revision,
};

export const caseOpened = z.object({ ...caseSnapshot, title: z.string(), openedBy: id, openedAt: isoTime });
export const caseAssigned = z.object({ ...caseSnapshot, assignedAt: isoTime });
export const caseConsentChanged = z.object({ ...caseSnapshot, changedBy: id });
export const caseClosed = z.object({ ...caseSnapshot, closedBy: id, closedAt: isoTime });
export const caseReopened = z.object({ ...caseSnapshot, reopenedBy: id, reopenedAt: isoTime });

/**
 * A support manager moved an open case to another engineer. `case.assigned` (same revision)
 * is published with it, so consumers that follow assignments need nothing new; this one tells
 * who had the case and who moved it.
 */
export const caseReassigned = z.object({ ...caseSnapshot, assignedEngineerId: id, previousEngineerId: id.nullable(), reassignedBy: id, assignedAt: isoTime });
