import type { EventType } from './event-catalog';

/**
 * Which event types each service consumes. Its queue is bound to exactly these routing keys,
 * and its broker user may bind to nothing else (topic read permission): one list for both.
 */
export const EVENT_SUBSCRIPTIONS = {
  /** Acceptances (memberships) and the facts behind Customer Activity. */
  workspace: [
    'invitation.accepted',
    'case.opened',
    'case.assigned',
    'case.consent-changed',
    'case.closed',
    'case.reopened',
    'access.requested',
    'access.approved',
    'access.rejected',
    'access.request-ended',
    'access.granted',
    'access.revoked',
  ],
  /**
   * Workspaces (policy, managers, admins) and their contracts' terms and account teams; access
   * requests and their outcomes, which it mails to the approvers and the engineer.
   */
  invitation: [
    'contract.created',
    'contract.updated',
    'contract.expired',
    'workspace.created',
    'workspace.settings-changed',
    'workspace.member-added',
    'workspace.member-updated',
    'workspace.member-removed',
    'access.requested',
    'access.approved',
    'access.rejected',
    'access.request-ended',
    'access.revoked',
  ],
  /** Workspaces, their Personal-account policy and members, to decide who uses a case; contracts, to refuse cases after expiry. */
  case: ['contract.created', 'contract.updated', 'contract.expired', 'workspace.created', 'workspace.settings-changed', 'workspace.member-added', 'workspace.member-updated', 'workspace.member-removed'],
  /** The life of cases, engineers and contracts: who may read which tenant, and when that ends. */
  access: ['contract.updated', 'contract.expired', 'case.opened', 'case.assigned', 'case.consent-changed', 'case.closed', 'case.reopened', 'engineer.registered', 'engineer.updated', 'engineer.deactivated'],
} as const satisfies Record<string, readonly EventType[]>;

export type ServiceName = keyof typeof EVENT_SUBSCRIPTIONS;
export const SERVICE_NAMES = Object.keys(EVENT_SUBSCRIPTIONS) as ServiceName[];
