import { z } from 'zod';
import * as access from './events/access.events';
import * as cases from './events/case.events';
import * as contract from './events/contract.events';
import * as engineer from './events/engineer.events';
import * as invitation from './events/invitation.events';
import * as workspace from './events/workspace.events';

/**
 * Every integration event of version 1: its type name, the service that publishes it and
 * the schema of its `data`. Routing key = `<type>.v<version>`.
 */
export const EVENT_CATALOG = {
  'contract.created': { version: 1, source: 'workspace', schema: contract.contractCreated, summary: 'A CSAM or account coordinator created a support contract (draft).' },
  'contract.updated': { version: 1, source: 'workspace', schema: contract.contractUpdated, summary: 'The term, services, contacts or account team of a contract changed; an extended term reactivates an expired contract.' },
  'contract.expired': { version: 1, source: 'workspace', schema: contract.contractExpired, summary: 'A contract term ended: no new cases, invitations, acceptances, access requests or approvals; every live grant of its workspaces ends (contract-expired).' },
  'contract.activated': { version: 1, source: 'workspace', schema: workspace.contractActivated, summary: 'A support contract became active; its default workspace exists.' },
  'workspace.created': { version: 1, source: 'workspace', schema: workspace.workspaceCreated, summary: 'A workspace was created; the listed people are to be invited.' },
  'workspace.settings-changed': { version: 1, source: 'workspace', schema: workspace.workspaceSettingsChanged, summary: 'Personal-account policy or services of a workspace changed. While `allowPersonalAccounts` is false, Personal accounts may not use the workspace: its Personal members are suspended (403 `PERSONAL_ACCOUNT_NOT_ALLOWED` everywhere) until it is true again.' },
  'workspace.member-added': { version: 1, source: 'workspace', schema: workspace.workspaceMemberAdded, summary: 'A user became a member of a workspace.' },
  'workspace.member-updated': { version: 1, source: 'workspace', schema: workspace.workspaceMemberUpdated, summary: "A member's role or permissions changed." },
  'workspace.member-removed': { version: 1, source: 'workspace', schema: workspace.workspaceMemberRemoved, summary: 'A user left a workspace.' },
  'invitation.created': { version: 1, source: 'invitation', schema: invitation.invitationCreated, summary: 'An invitation was sent.' },
  'invitation.accepted': { version: 1, source: 'invitation', schema: invitation.invitationAccepted, summary: 'An invitation was accepted; the workspace service adds the membership.' },
  'invitation.revoked': { version: 1, source: 'invitation', schema: invitation.invitationRevoked, summary: 'An invitation was revoked.' },
  'invitation.resent': { version: 1, source: 'invitation', schema: invitation.invitationResent, summary: 'An invitation was sent again with a new link (the old one stopped working) and a new `expiresAt`.' },
  'invitation.expired': { version: 1, source: 'invitation', schema: invitation.invitationExpired, summary: 'A pending invitation expired unanswered (published within a minute of its `expiresAt`).' },
  'invitation.delivery-failed': { version: 1, source: 'invitation', schema: invitation.invitationDeliveryFailed, summary: 'The invitation email could not be sent after every attempt; a resend starts over.' },
  'case.opened': { version: 1, source: 'case', schema: cases.caseOpened, summary: 'A support case was opened.' },
  'case.assigned': { version: 1, source: 'case', schema: cases.caseAssigned, summary: 'A case was assigned to a support engineer.' },
  'case.consent-changed': { version: 1, source: 'case', schema: cases.caseConsentChanged, summary: 'allowAdvancedDiagnostics of an open case changed.' },
  'case.closed': { version: 1, source: 'case', schema: cases.caseClosed, summary: 'A case was closed: every access of the case ends.' },
  'case.reopened': { version: 1, source: 'case', schema: cases.caseReopened, summary: 'A closed case was reopened (no access comes back).' },
  'case.reassigned': { version: 1, source: 'case', schema: cases.caseReassigned, summary: 'A support manager reassigned an open case (with the previous engineer); the `case.assigned` of the same revision ends the previous engineer\'s access.' },
  'engineer.registered': { version: 1, source: 'case', schema: engineer.engineerRegistered, summary: 'A support manager registered a support engineer in the directory.' },
  'engineer.updated': { version: 1, source: 'case', schema: engineer.engineerUpdated, summary: 'A support manager changed an engineer (name, email, expertise or active); the whole new state and the changed fields.' },
  'engineer.deactivated': { version: 1, source: 'case', schema: engineer.engineerDeactivated, summary: 'A support engineer was deactivated: their open cases go back to assignment and every access they hold ends.' },
  'access.requested': { version: 1, source: 'access', schema: access.accessRequested, summary: 'An engineer filed a support access request.' },
  'access.approved': { version: 1, source: 'access', schema: access.accessApproved, summary: 'A tenant admin approved a request (for their tenant).' },
  'access.rejected': { version: 1, source: 'access', schema: access.accessRejected, summary: 'A tenant admin rejected a request; it ended.' },
  'access.request-ended': { version: 1, source: 'access', schema: access.accessRequestEnded, summary: 'A pending request was cancelled or expired.' },
  'access.granted': { version: 1, source: 'access', schema: access.accessGranted, summary: 'An engineer may read a tenant diagnostic data (request or consent).' },
  'access.revoked': { version: 1, source: 'access', schema: access.accessRevoked, summary: 'A grant ended (case-closed, removed, consent-withdrawn, expired, reassigned, engineer-deactivated, contract-expired). A `removed` revocation concerns the resource tenant only: never show it to the request tenant.' },
} as const satisfies Record<string, { version: number; source: string; schema: z.ZodType; summary: string }>;

export type EventType = keyof typeof EVENT_CATALOG;
export type EventData<T extends EventType> = z.infer<(typeof EVENT_CATALOG)[T]['schema']>;
export const EVENT_TYPES = Object.keys(EVENT_CATALOG) as EventType[];

export function isEventType(type: string): type is EventType {
  return Object.prototype.hasOwnProperty.call(EVENT_CATALOG, type);
}

/** The one service that publishes `type`: consumers believe an event only from its owner's broker user. */
export function ownerOf(type: EventType): string {
  return EVENT_CATALOG[type].source;
}

/** Every service that owns at least one event type (the publishers on the bus). */
export const EVENT_OWNERS: readonly string[] = [...new Set(EVENT_TYPES.map(ownerOf))];

export function eventTypesOwnedBy(service: string): EventType[] {
  return EVENT_TYPES.filter((type) => ownerOf(type) === service);
}

/** `case.closed` → `case.closed.v1`: the AMQP routing key and the AMQP `type` property. */
export function routingKeyOf(type: EventType): string {
  return `${type}.v${EVENT_CATALOG[type].version}`;
}
