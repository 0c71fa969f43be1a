import { Inject, Injectable } from '@nestjs/common';
import type { Model } from 'mongoose';
import { storeIfNewer } from '@support-hub/persistence';
import {
  MEMBERSHIP_COPY,
  membershipIdOf,
  WORKSPACE_COPY,
  type MembershipCopyRecord,
  type WorkspaceCopyRecord,
} from './workspace-directory.schema';

@Injectable()
export class WorkspaceDirectoryRepository {
  constructor(
    @Inject(WORKSPACE_COPY) private readonly workspaces: Model<WorkspaceCopyRecord>,
    @Inject(MEMBERSHIP_COPY) private readonly memberships: Model<MembershipCopyRecord>,
  ) {}

  storeWorkspace(copy: WorkspaceCopyRecord): Promise<boolean> {
    return storeIfNewer(this.workspaces, copy);
  }

  storeMembership(copy: Omit<MembershipCopyRecord, '_id'>): Promise<boolean> {
    return storeIfNewer(this.memberships, { _id: membershipIdOf(copy.workspaceId, copy.userId), ...copy });
  }

  /** The policy as of `revision`, if newer than the copy's; false when stale or the workspace is not known yet. */
  async storePolicyIfNewer(workspaceId: string, revision: number, allowPersonalAccounts: boolean): Promise<boolean> {
    const result = await this.workspaces.updateOne({ _id: workspaceId, revision: { $lt: revision } }, { $set: { allowPersonalAccounts, revision } });
    return result.matchedCount === 1;
  }

  findWorkspace(workspaceId: string): Promise<WorkspaceCopyRecord | null> {
    return this.workspaces.findById(workspaceId).lean<WorkspaceCopyRecord>().exec();
  }

  /** The workspaces the user is an active member of. */
  async activeWorkspaceIdsOf(userId: string): Promise<string[]> {
    return (await this.memberships.distinct('workspaceId', { userId, active: true }).exec()) as string[];
  }

  findActiveMembership(workspaceId: string, userId: string): Promise<MembershipCopyRecord | null> {
    return this.memberships.findOne({ _id: membershipIdOf(workspaceId, userId), active: true }).lean<MembershipCopyRecord>().exec();
  }
}
