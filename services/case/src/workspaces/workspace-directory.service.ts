import { Injectable } from '@nestjs/common';
import { managesContract, type AuthenticatedUser, type PersonalAccountPolicy } from '@support-hub/auth';
import type { EventEnvelope } from '@support-hub/contracts';
import { ContractTerms } from '@support-hub/contract-copies';
import { WorkspaceDirectoryRepository } from './workspace-directory.repository';

/** How a user relates to one workspace, as far as cases are concerned. */
export interface WorkspaceStanding extends PersonalAccountPolicy {
  /** The user's workspace role, or null when not a member. */
  role: 'admin' | 'member' | null;
  /** The CSAM or account coordinator of the workspace's contract (named there and holding that role). */
  managesContract: boolean;
  /** The contract's customer tenant; null while `workspace.created` has not been heard. */
  customerTenantId: string | null;
  /** The workspace's contract; null while `workspace.created` has not been heard. */
  contractId?: string | null;
}

/**
 * The case service's copy of workspace facts and memberships, learned from workspace events
 * (never by calling the workspace service). Each copy changes only for a newer revision.
 */
@Injectable()
export class WorkspaceDirectoryService {
  constructor(
    private readonly repository: WorkspaceDirectoryRepository,
    private readonly contracts: ContractTerms,
  ) {}

  async recordWorkspaceCreated({ data }: EventEnvelope<'workspace.created'>): Promise<void> {
    await this.repository.storeWorkspace({
      _id: data.workspaceId,
      contractId: data.contractId,
      customerTenantId: data.customerTenantId,
      csamId: data.csamId,
      accountCoordinatorId: data.accountCoordinatorId,
      allowPersonalAccounts: data.allowPersonalAccounts,
      revision: data.revision,
    });
  }

  /** A policy change that overtook `workspace.created` is retried until the copy exists. */
  async recordSettingsChanged({ data }: EventEnvelope<'workspace.settings-changed'>): Promise<void> {
    if (await this.repository.storePolicyIfNewer(data.workspaceId, data.revision, data.allowPersonalAccounts)) return;
    if (!(await this.repository.findWorkspace(data.workspaceId))) throw new Error(`workspace ${data.workspaceId} is not known yet (workspace.created not handled yet)`);
  }

  async recordMemberAdded({ data }: EventEnvelope<'workspace.member-added'>): Promise<void> {
    await this.repository.storeMembership({ workspaceId: data.workspaceId, userId: data.userId, role: data.role, active: true, revision: data.revision });
  }

  async recordMemberUpdated({ data }: EventEnvelope<'workspace.member-updated'>): Promise<void> {
    await this.repository.storeMembership({ workspaceId: data.workspaceId, userId: data.userId, role: data.role, active: true, revision: data.revision });
  }

  async recordMemberRemoved({ data }: EventEnvelope<'workspace.member-removed'>): Promise<void> {
    await this.repository.storeMembership({ workspaceId: data.workspaceId, userId: data.userId, role: 'member', active: false, revision: data.revision });
  }

  workspacesOf(user: AuthenticatedUser): Promise<string[]> {
    return this.repository.activeWorkspaceIdsOf(user.id);
  }

  async standingOf(workspaceId: string, user: AuthenticatedUser): Promise<WorkspaceStanding> {
    const [membership, workspace] = await Promise.all([
      this.repository.findActiveMembership(workspaceId, user.id),
      this.repository.findWorkspace(workspaceId),
    ]);
    return {
      role: membership?.role ?? null,
      // The account team as the contract now names it (a CSAM handed over keeps no reach).
      managesContract: workspace !== null && managesContract(user, await this.contracts.managersOf(workspace.contractId, workspace)),
      customerTenantId: workspace?.customerTenantId ?? null,
      contractId: workspace?.contractId ?? null,
      allowPersonalAccounts: workspace?.allowPersonalAccounts,
    };
  }
}
