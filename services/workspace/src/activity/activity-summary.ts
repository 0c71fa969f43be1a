import type { EventEnvelope, EventType } from '@support-hub/contracts';

type CaseEventType = Extract<EventType, `case.${string}`>;
type AccessEventType = Extract<EventType, `access.${string}`>;

/** One feed line per event, in words a customer reads. */
export function caseSummary(event: EventEnvelope<CaseEventType>): string {
  const { data } = event;
  switch (event.type) {
    case 'case.opened': {
      const opened = data as EventEnvelope<'case.opened'>['data'];
      return `Case opened (severity ${opened.severity}, ${opened.productArea}): ${opened.title}`;
    }
    case 'case.assigned':
      // Null when the engineer was deactivated and nobody else has the expertise yet.
      return data.assignedEngineerId
        ? `Case assigned to a support engineer (severity ${data.severity}, ${data.productArea})`
        : `Case waiting for a support engineer (severity ${data.severity}, ${data.productArea})`;
    case 'case.reassigned':
      return `Case reassigned to another support engineer (severity ${data.severity}, ${data.productArea})`;
    case 'case.consent-changed':
      return `Advanced diagnostics ${data.allowAdvancedDiagnostics ? 'allowed' : 'no longer allowed'} on a case`;
    case 'case.closed':
      return `Case closed (severity ${data.severity}, ${data.productArea})`;
    case 'case.reopened':
      return `Case reopened (severity ${data.severity}, ${data.productArea})`;
  }
}

/**
 * Removal by a resource-tenant admin is private to that tenant (the request tenant must not
 * learn it), so a removed grant reads like any other ending.
 */
export function accessSummary(event: EventEnvelope<AccessEventType>): string {
  switch (event.type) {
    case 'access.requested':
      return `Support access to diagnostic data of tenant ${(event as EventEnvelope<'access.requested'>).data.resourceTenantId} requested`;
    case 'access.approved':
      return `Support access request approved for tenant ${(event as EventEnvelope<'access.approved'>).data.approvingTenantId}`;
    case 'access.rejected':
      return `Support access request rejected for tenant ${(event as EventEnvelope<'access.rejected'>).data.rejectingTenantId}`;
    case 'access.request-ended':
      return `Support access request ${(event as EventEnvelope<'access.request-ended'>).data.outcome}`;
    case 'access.granted': {
      const granted = (event as EventEnvelope<'access.granted'>).data;
      return `Diagnostic data access granted (${granted.basis === 'consent' ? 'by consent' : 'approved request'}) until ${granted.expiresAt}`;
    }
    case 'access.revoked': {
      const { reason } = (event as EventEnvelope<'access.revoked'>).data;
      const why = {
        'case-closed': 'the case closed',
        'consent-withdrawn': 'consent was withdrawn',
        expired: 'it expired',
        removed: null,
        reassigned: 'the case went to another engineer',
        'engineer-deactivated': 'the engineer was deactivated',
        'contract-expired': 'the contract term ended',
      }[reason];
      return why ? `Diagnostic data access ended: ${why}` : 'Diagnostic data access ended';
    }
  }
}
