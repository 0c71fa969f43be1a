import type { EventEnvelope } from '@support-hub/contracts';
import { pendingDelivery, type DeliveryState } from '../mail/mail-delivery';

/**
 * Emails about support access requests: approvers are told that a request awaits them; the
 * engineer is told how their request or its access ended. Pure: no Nest, database or clock.
 *
 * Privacy rule: a removal (`access.revoked` reason `removed`) is the resource tenant's decision
 * and is never told to the request tenant's people. Only the engineer hears of outcomes; tenant
 * admins get exactly one kind of email, the approval request, sent when the request is filed.
 */

export type NoticeKind = 'approval-needed' | 'approved' | 'rejected' | 'removed' | 'access-expired' | 'request-expired';
export type OutcomeEvent = EventEnvelope<'access.approved' | 'access.rejected' | 'access.request-ended' | 'access.revoked'>;

/** What this service keeps of a request, from `access.requested`: enough to write every notice about it. */
export interface RequestCopyRecord {
  _id: string;
  caseId: string;
  workspaceId: string;
  severity: 'A' | 'B' | 'C' | null;
  requestTenantId: string;
  resourceTenantId: string;
  engineerId: string;
  engineerEmail: string | null;
  engineerName: string | null;
  justification: string | null;
  durationHours: number | null;
  expiresAt: Date;
}

export interface AccessNoticeRecord {
  /** `<event id>:<recipient>`: one email per recipient per event, however often the event comes. */
  _id: string;
  kind: NoticeKind;
  to: string;
  requestId: string;
  /** The request as it was when the notice was made (the email is written from it). */
  request: RequestCopyRecord;
  workspaceName: string;
  /** For approvers: the tenant they are asked to approve for. */
  approvingTenantId: string | null;
  /** The outcome's details: the approving/rejecting tenant, a rejection's reason, an approval's hours. */
  outcome: { tenantId: string | null; reason: string | null; durationHours: number | null; fullyApproved: boolean | null };
  createdAt: Date;
  delivery: DeliveryState;
}

export interface Approver {
  email: string;
  tenantId: string;
}

export function requestCopyOf(event: EventEnvelope<'access.requested'>): RequestCopyRecord {
  const { data } = event;
  return {
    _id: data.requestId,
    caseId: data.caseId,
    workspaceId: data.workspaceId,
    severity: data.severity ?? null,
    requestTenantId: data.requestTenantId,
    resourceTenantId: data.resourceTenantId,
    engineerId: data.engineerId,
    engineerEmail: data.engineerEmail?.toLowerCase() ?? null,
    engineerName: data.engineerName ?? null,
    justification: data.justification ?? null,
    durationHours: data.durationHours ?? null,
    expiresAt: new Date(data.expiresAt),
  };
}

/** Each tenant involved approves: the workspace's admins in the request tenant and in the resource tenant are asked. */
export function approvalNotices(eventId: string, request: RequestCopyRecord, approvers: readonly Approver[], workspaceName: string, now: Date): AccessNoticeRecord[] {
  const tenants = new Set([request.requestTenantId, request.resourceTenantId]);
  const notices = new Map<string, AccessNoticeRecord>();
  for (const approver of approvers) {
    const to = approver.email.toLowerCase();
    if (!tenants.has(approver.tenantId) || notices.has(to)) continue;
    notices.set(to, notice(eventId, 'approval-needed', to, request, workspaceName, now, { approvingTenantId: approver.tenantId }));
  }
  return [...notices.values()];
}

/** The outcome the engineer is told of, if any (other endings, such as a closed case, they see on the case). */
export function outcomeKindOf(event: OutcomeEvent): NoticeKind | null {
  switch (event.type) {
    case 'access.approved':
      return 'approved';
    case 'access.rejected':
      return 'rejected';
    case 'access.request-ended':
      return (event as EventEnvelope<'access.request-ended'>).data.outcome === 'expired' ? 'request-expired' : null;
    case 'access.revoked': {
      const { reason, requestId } = (event as EventEnvelope<'access.revoked'>).data;
      if (requestId === null) return null; // consent access: no request of theirs
      if (reason === 'removed') return 'removed';
      return reason === 'expired' ? 'access-expired' : null;
    }
  }
}

/** The engineer's notice of an outcome; addressed to the engineer only, whatever the outcome. */
export function engineerNotice(event: OutcomeEvent, request: RequestCopyRecord, workspaceName: string, now: Date): AccessNoticeRecord | null {
  const kind = outcomeKindOf(event);
  if (!kind || !request.engineerEmail) return null;
  const data = event.data as Partial<EventEnvelope<'access.approved'>['data'] & EventEnvelope<'access.rejected'>['data']>;
  const outcome = {
    tenantId: data.approvingTenantId ?? data.rejectingTenantId ?? null,
    reason: data.reason ?? null,
    durationHours: data.durationHours ?? null,
    fullyApproved: data.fullyApproved ?? null,
  };
  return notice(event.id, kind, request.engineerEmail, request, workspaceName, now, { outcome });
}

function notice(
  eventId: string,
  kind: NoticeKind,
  to: string,
  request: RequestCopyRecord,
  workspaceName: string,
  now: Date,
  extra: Partial<Pick<AccessNoticeRecord, 'approvingTenantId' | 'outcome'>>,
): AccessNoticeRecord {
  return {
    _id: `${eventId}:${to}`,
    kind,
    to,
    requestId: request._id,
    request,
    workspaceName,
    approvingTenantId: extra.approvingTenantId ?? null,
    outcome: extra.outcome ?? { tenantId: null, reason: null, durationHours: null, fullyApproved: null },
    createdAt: now,
    delivery: pendingDelivery(now),
  };
}
