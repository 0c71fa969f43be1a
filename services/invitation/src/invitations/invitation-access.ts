import { Injectable } from '@nestjs/common';
import { assertPersonalAccountAdmitted, managesContract, type AuthenticatedUser } from '@support-hub/auth';
import type { DomainError } from '@support-hub/platform';
import { ContractTerms } from '@support-hub/contract-copies';
import { WorkspaceCopiesRepository } from '../workspaces/workspace-copies.repository';
import type { WorkspaceCopyRecord } from '../workspaces/workspace-copy.schema';
import { WorkspaceAdminRequiredError, WorkspaceNotFoundError } from './invitations.errors';

/**
 * Who manages a workspace's invitations: its admins and its contract's CSAM/AC, as this
 * service's copies know them. A member is told 403 (a Personal account, where the workspace does
 * not allow them, 403 `PERSONAL_ACCOUNT_NOT_ALLOWED`); anyone else gets the same 404 as for a
 * workspace (or invitation) that does not exist.
 */
@Injectable()
export class InvitationAccessPolicy {
  constructor(
    private readonly copies: WorkspaceCopiesRepository,
    private readonly contracts: ContractTerms,
  ) {}

  async requireManager(
    user: AuthenticatedUser,
    workspaceId: string,
    notFound: () => DomainError = () => new WorkspaceNotFoundError(),
  ): Promise<WorkspaceCopyRecord> {
    const workspace = await this.copies.findWorkspace(workspaceId);
    if (!workspace) throw notFound();
    // The account team as the contract now names it (a CSAM handed over keeps no reach).
    if (managesContract(user, await this.contracts.managersOf(workspace.contractId, workspace))) return workspace;
    const member = await this.copies.findMember(workspaceId, user.id);
    if (!member || member.removed) throw notFound();
    // A suspended Personal admin is told why, before being told they are no admin.
    assertPersonalAccountAdmitted(user, workspace);
    if (member.role !== 'admin') throw new WorkspaceAdminRequiredError();
    return workspace;
  }
}
