import type { AnyNewEvent } from '@support-hub/messaging';
import type { WorkspaceCopyRecord } from '../workspaces/workspace-copy.schema';
import type { InvitationRecord } from './invitation';

/** Events of one invitation share its id as aggregate: they are published in commit order. */
export function invitationCreated(invitation: InvitationRecord, workspace: Pick<WorkspaceCopyRecord, 'customerTenantId'>): AnyNewEvent {
  return {
    type: 'invitation.created',
    aggregateId: invitation._id,
    tenantId: workspace.customerTenantId,
    workspaceId: invitation.workspaceId,
    data: {
      invitationId: invitation._id,
      workspaceId: invitation.workspaceId,
      email: invitation.email,
      role: invitation.role,
      invitedBy: invitation.invitedBy,
      expiresAt: invitation.expiresAt.toISOString(),
    },
  };
}

export function invitationAccepted(
  invitation: InvitationRecord,
  user: { id: string; email: string; name: string | null; tenantId: string },
  workspace: Pick<WorkspaceCopyRecord, 'customerTenantId'>,
): AnyNewEvent {
  return {
    type: 'invitation.accepted',
    aggregateId: invitation._id,
    tenantId: workspace.customerTenantId,
    workspaceId: invitation.workspaceId,
    data: {
      invitationId: invitation._id,
      workspaceId: invitation.workspaceId,
      userId: user.id,
      email: user.email,
      name: user.name,
      userTenantId: user.tenantId,
      role: invitation.role,
      acceptedAt: (invitation.acceptedAt ?? new Date()).toISOString(),
    },
  };
}

export function invitationRevoked(invitation: InvitationRecord, revokedBy: string, workspace: Pick<WorkspaceCopyRecord, 'customerTenantId'> | null): AnyNewEvent {
  return {
    type: 'invitation.revoked',
    aggregateId: invitation._id,
    tenantId: workspace?.customerTenantId,
    workspaceId: invitation.workspaceId,
    data: { invitationId: invitation._id, workspaceId: invitation.workspaceId, email: invitation.email, revokedBy },
  };
}

export function invitationResent(invitation: InvitationRecord, resentBy: string, workspace: Pick<WorkspaceCopyRecord, 'customerTenantId'> | null): AnyNewEvent {
  return {
    type: 'invitation.resent',
    aggregateId: invitation._id,
    tenantId: workspace?.customerTenantId,
    workspaceId: invitation.workspaceId,
    data: { invitationId: invitation._id, workspaceId: invitation.workspaceId, email: invitation.email, resentBy, expiresAt: invitation.expiresAt.toISOString() },
  };
}

export function invitationExpired(invitation: InvitationRecord, workspace: Pick<WorkspaceCopyRecord, 'customerTenantId'> | null): AnyNewEvent {
  return {
    type: 'invitation.expired',
    aggregateId: invitation._id,
    tenantId: workspace?.customerTenantId,
    workspaceId: invitation.workspaceId,
    data: { invitationId: invitation._id, workspaceId: invitation.workspaceId, email: invitation.email, expiresAt: invitation.expiresAt.toISOString() },
  };
}

export function invitationDeliveryFailed(invitation: InvitationRecord, attempts: number, failedAt: Date, workspace: Pick<WorkspaceCopyRecord, 'customerTenantId'> | null): AnyNewEvent {
  return {
    type: 'invitation.delivery-failed',
    aggregateId: invitation._id,
    tenantId: workspace?.customerTenantId,
    workspaceId: invitation.workspaceId,
    data: { invitationId: invitation._id, workspaceId: invitation.workspaceId, email: invitation.email, attempts, failedAt: failedAt.toISOString() },
  };
}
