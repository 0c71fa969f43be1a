import { Injectable } from '@nestjs/common';
import { managesContract, type AuthenticatedUser } from '@support-hub/auth';
import type { DomainError } from '@support-hub/platform';
import { WorkspaceCopiesRepository } from '../workspaces/workspace-copies.repository';
import type { WorkspaceCopyRecord } from '../workspaces/workspace-copy.schema';
import { WorkspaceAdminRequiredError, WorkspaceNotFoundError } from './invitations.errors';

/**
 * Who manages a workspace's invitations: its admins and its contract's CSAM/AC, as this
 * service's copies know them. A member is told 403; anyone else gets the same 404 as for a
 * workspace (or invitation) that does not exist.
 */
@Injectable()
export class InvitationAccessPolicy {
  constructor(private readonly copies: WorkspaceCopiesRepository) {}

  async requireManager(
    user: AuthenticatedUser,
    workspaceId: string,
    notFound: () => DomainError = () => new WorkspaceNotFoundError(),
  ): Promise<WorkspaceCopyRecord> {
    const workspace = await this.copies.findWorkspace(workspaceId);
    if (!workspace) throw notFound();
    if (managesContract(user, workspace)) return workspace;
    const member = await this.copies.findMember(workspaceId, user.id);
    if (!member || member.removed) throw notFound();
    if (member.role !== 'admin') throw new WorkspaceAdminRequiredError();
    return workspace;
  }
}
