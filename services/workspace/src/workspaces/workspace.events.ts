import type { AnyNewEvent } from '@support-hub/messaging';
import type { MembershipRecord, WorkspaceRecord } from './workspace';

/**
 * The workspace.* events, built from stored records. Every event of a
 * workspace uses the workspace id as aggregate, so they are published in commit order.
 */
export interface InitialInvitation {
  email: string;
  role: 'admin' | 'member';
  name?: string;
}

export function workspaceCreated(workspace: WorkspaceRecord, initialInvitations: readonly InitialInvitation[]): AnyNewEvent {
  return {
    type: 'workspace.created',
    ...addressOf(workspace),
    data: {
      workspaceId: workspace._id,
      contractId: workspace.contractId,
      customerTenantId: workspace.customerTenantId,
      contractType: workspace.contractType,
      name: workspace.name,
      isDefault: workspace.isDefault,
      services: [...workspace.services],
      allowPersonalAccounts: workspace.allowPersonalAccounts,
      csamId: workspace.csamId,
      accountCoordinatorId: workspace.accountCoordinatorId,
      initialInvitations: initialInvitations.map((invitation) => ({ ...invitation })),
      revision: workspace.revision,
    },
  };
}

export function workspaceSettingsChanged(workspace: WorkspaceRecord): AnyNewEvent {
  return {
    type: 'workspace.settings-changed',
    ...addressOf(workspace),
    data: {
      workspaceId: workspace._id,
      allowPersonalAccounts: workspace.allowPersonalAccounts,
      services: [...workspace.services],
      revision: workspace.revision,
    },
  };
}

export function workspaceMemberAdded(workspace: WorkspaceRecord, member: MembershipRecord): AnyNewEvent {
  return {
    type: 'workspace.member-added',
    ...addressOf(workspace),
    data: {
      workspaceId: workspace._id,
      contractId: workspace.contractId,
      userId: member.userId,
      email: member.email,
      role: member.role,
      permissions: [...member.permissions],
      revision: workspace.revision,
    },
  };
}

export function workspaceMemberUpdated(workspace: WorkspaceRecord, member: MembershipRecord): AnyNewEvent {
  return {
    type: 'workspace.member-updated',
    ...addressOf(workspace),
    data: {
      workspaceId: workspace._id,
      userId: member.userId,
      role: member.role,
      permissions: [...member.permissions],
      revision: workspace.revision,
    },
  };
}

export function workspaceMemberRemoved(workspace: WorkspaceRecord, userId: string): AnyNewEvent {
  return {
    type: 'workspace.member-removed',
    ...addressOf(workspace),
    data: { workspaceId: workspace._id, userId, revision: workspace.revision },
  };
}

/** Every event of a workspace is addressed to it: its aggregate (publish order), tenant and workspace. */
function addressOf(workspace: WorkspaceRecord) {
  return { aggregateId: workspace._id, tenantId: workspace.customerTenantId, workspaceId: workspace._id };
}
