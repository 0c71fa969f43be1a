import { Inject, Injectable } from '@nestjs/common';
import type { ClientSession, Model, UpdateQuery } from 'mongoose';
import { isDuplicateKey } from '@support-hub/persistence';
import { MEMBER_COPY, memberCopyId, WORKSPACE_COPY, type MemberCopyRecord, type WorkspaceCopyRecord } from './workspace-copy.schema';

/** The only code that touches the copies of workspaces and memberships. */
@Injectable()
export class WorkspaceCopiesRepository {
  constructor(
    @Inject(WORKSPACE_COPY) private readonly workspaces: Model<WorkspaceCopyRecord>,
    @Inject(MEMBER_COPY) private readonly members: Model<MemberCopyRecord>,
  ) {}

  findWorkspace(id: string, session?: ClientSession): Promise<WorkspaceCopyRecord | null> {
    return this.workspaces.findById(id, null, { session }).lean<WorkspaceCopyRecord>().exec();
  }

  findWorkspaces(ids: readonly string[]): Promise<WorkspaceCopyRecord[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.workspaces.find({ _id: { $in: [...ids] } }).lean<WorkspaceCopyRecord[]>().exec();
  }

  async insertWorkspace(copy: WorkspaceCopyRecord, session: ClientSession): Promise<void> {
    await this.workspaces.create([copy], { session });
  }

  /** Applies `set` only if `revision` is newer than the copy's; false when stale or unknown. */
  async updateWorkspaceIfNewer(id: string, revision: number, set: Partial<WorkspaceCopyRecord>, session?: ClientSession): Promise<boolean> {
    const result = await this.workspaces.updateOne({ _id: id, revision: { $lt: revision } }, { $set: { ...set, revision } }, { session });
    return result.matchedCount === 1;
  }

  async markInitialInvitationsIssued(id: string, session: ClientSession): Promise<void> {
    await this.workspaces.updateOne({ _id: id }, { $set: { initialInvitationsIssued: true } }, { session });
  }

  findMember(workspaceId: string, userId: string): Promise<MemberCopyRecord | null> {
    return this.members.findById(memberCopyId(workspaceId, userId)).lean<MemberCopyRecord>().exec();
  }

  /** The workspace's current admins whose address is known. */
  activeAdmins(workspaceId: string): Promise<Pick<MemberCopyRecord, 'userId' | 'email'>[]> {
    return this.members.find({ workspaceId, role: 'admin', removed: false, email: { $type: 'string' } }, { userId: 1, email: 1 }).lean<MemberCopyRecord[]>().exec();
  }

  async isMemberEmail(workspaceId: string, email: string): Promise<boolean> {
    return (await this.members.exists({ workspaceId, email, removed: false })) !== null;
  }

  /**
   * Stores a membership fact if its revision is newer than what we hold; `change` lists only
   * the fields the event carries. Two first deliveries racing to insert: the loser sees a
   * duplicate key and tries again as an update.
   */
  async storeMemberIfNewer(workspaceId: string, userId: string, revision: number, change: MemberChange): Promise<boolean> {
    const _id = memberCopyId(workspaceId, userId);
    const set: UpdateQuery<MemberCopyRecord> = { $set: { ...change, revision } };
    for (let attempt = 0; attempt < 3; attempt++) {
      const updated = await this.members.updateOne({ _id, revision: { $lt: revision } }, set);
      if (updated.matchedCount === 1) return true;
      if (await this.members.exists({ _id })) return false;
      try {
        await this.members.create([{ _id, workspaceId, userId, email: null, role: 'member', ...change, revision }]);
        return true;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
    }
    return false;
  }
}

export type MemberChange = Partial<Pick<MemberCopyRecord, 'email' | 'role'>> & { removed: boolean };
