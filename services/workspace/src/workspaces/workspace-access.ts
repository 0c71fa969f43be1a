import { Injectable } from '@nestjs/common';
import { managerRoleOf, PersonalAccountNotAllowedError, personalAccountSuspended, type AuthenticatedUser } from '@support-hub/auth';
import { MembersRepository } from './members.repository';
import type { MembershipRecord, WorkspaceRecord } from './workspace';
import { WorkspacesRepository } from './workspaces.repository';
import { WorkspaceNotFoundError } from './workspaces.errors';

/** What the caller is to one workspace; built only for callers who may see it. */
export class WorkspaceAccess {
  constructor(
    readonly workspace: WorkspaceRecord,
    readonly membership: MembershipRecord | null,
    readonly managerRole: 'csam' | 'account-coordinator' | null,
    /** A Personal-account caller while the workspace does not allow them: sees that it exists, uses nothing. */
    readonly suspended: boolean,
  ) {}

  get isManager(): boolean {
    return this.managerRole !== null;
  }

  get isAdmin(): boolean {
    return this.membership?.role === 'admin';
  }

  /** Admins manage members and invitations; the contract's CSAM/AC manage all of its workspaces. */
  get canManageMembers(): boolean {
    return this.isManager || this.isAdmin;
  }

  get canSeeActivity(): boolean {
    return this.isManager || this.isAdmin || (this.membership?.permissions.includes('customerActivity') ?? false);
  }

  /** The caller's role as lists show it: their membership role, else the manager role they hold. */
  get role(): 'admin' | 'member' | 'csam' | 'account-coordinator' {
    return this.membership?.role ?? this.managerRole!;
  }
}

/**
 * The one place that decides who sees a workspace: its members and its contract's CSAM/AC.
 * Anyone else gets the same 404 as for a workspace that does not exist; a suspended Personal
 * account gets 403 `PERSONAL_ACCOUNT_NOT_ALLOWED` on every route that uses the workspace.
 */
@Injectable()
export class WorkspaceAccessPolicy {
  constructor(
    private readonly workspaces: WorkspacesRepository,
    private readonly members: MembersRepository,
  ) {}

  async require(user: AuthenticatedUser, workspaceId: string): Promise<WorkspaceAccess> {
    const workspace = await this.workspaces.findById(workspaceId);
    if (!workspace) throw new WorkspaceNotFoundError();
    const access = this.accessTo(user, workspace, await this.members.findOne(workspaceId, user.id));
    if (!access) throw new WorkspaceNotFoundError();
    if (access.suspended) throw new PersonalAccountNotAllowedError();
    return access;
  }

  accessTo(user: AuthenticatedUser, workspace: WorkspaceRecord, membership: MembershipRecord | null): WorkspaceAccess | null {
    const managerRole = managerRoleOf(user, workspace);
    if (!membership && !managerRole) return null;
    return new WorkspaceAccess(workspace, membership, managerRole, personalAccountSuspended(user.tenantId, workspace));
  }
}
