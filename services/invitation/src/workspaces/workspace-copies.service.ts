import { Injectable } from '@nestjs/common';
import type { EventEnvelope } from '@support-hub/contracts';
import { WorkspaceCopiesRepository } from './workspace-copies.repository';

/** A workspace event that overtook workspace.created: retried (with delay) until the copy exists. */
export class WorkspaceNotYetKnownError extends Error {
  constructor(workspaceId: string) {
    super(`workspace ${workspaceId} is not known yet (workspace.created not handled yet)`);
    this.name = 'WorkspaceNotYetKnownError';
  }
}

/** Keeps this service's copies of workspaces and memberships current from workspace.* events. */
@Injectable()
export class WorkspaceCopiesService {
  constructor(private readonly copies: WorkspaceCopiesRepository) {}

  async applySettingsChanged(event: EventEnvelope<'workspace.settings-changed'>): Promise<void> {
    const { workspaceId, allowPersonalAccounts, revision } = event.data;
    if (await this.copies.updateWorkspaceIfNewer(workspaceId, revision, { allowPersonalAccounts })) return;
    if (!(await this.copies.findWorkspace(workspaceId))) throw new WorkspaceNotYetKnownError(workspaceId);
  }

  async applyMemberAdded(event: EventEnvelope<'workspace.member-added'>): Promise<void> {
    const { workspaceId, userId, email, role, revision } = event.data;
    await this.copies.storeMemberIfNewer(workspaceId, userId, revision, { email: email.toLowerCase(), role, removed: false });
  }

  async applyMemberUpdated(event: EventEnvelope<'workspace.member-updated'>): Promise<void> {
    const { workspaceId, userId, role, revision } = event.data;
    await this.copies.storeMemberIfNewer(workspaceId, userId, revision, { role, removed: false });
  }

  async applyMemberRemoved(event: EventEnvelope<'workspace.member-removed'>): Promise<void> {
    const { workspaceId, userId, revision } = event.data;
    await this.copies.storeMemberIfNewer(workspaceId, userId, revision, { removed: true });
  }
}
