import { Inject, Injectable } from '@nestjs/common';
import type { ClientSession, Model, QueryFilter } from 'mongoose';
import type { CursorPosition } from '@support-hub/platform';
import { ACCEPTED_INVITATION, MEMBERSHIP, type AcceptedInvitationRecord } from './membership.schema';
import type { MemberChange, MembershipRecord } from './workspace';

/** The only code that touches memberships and the record of applied acceptances. */
@Injectable()
export class MembersRepository {
  constructor(
    @Inject(MEMBERSHIP) private readonly memberships: Model<MembershipRecord>,
    @Inject(ACCEPTED_INVITATION) private readonly accepted: Model<AcceptedInvitationRecord>,
  ) {}

  findOne(workspaceId: string, userId: string, session?: ClientSession): Promise<MembershipRecord | null> {
    return this.memberships.findOne({ workspaceId, userId }, null, { session }).lean<MembershipRecord>().exec();
  }

  findOfUser(userId: string): Promise<MembershipRecord[]> {
    return this.memberships.find({ userId }).lean<MembershipRecord[]>().exec();
  }

  findOfUserIn(userId: string, workspaceIds: readonly string[]): Promise<MembershipRecord[]> {
    if (workspaceIds.length === 0) return Promise.resolve([]);
    return this.memberships.find({ userId, workspaceId: { $in: [...workspaceIds] } }).lean<MembershipRecord[]>().exec();
  }

  page(workspaceId: string, after: CursorPosition | null, limit: number): Promise<MembershipRecord[]> {
    const filter: QueryFilter<MembershipRecord> = { workspaceId };
    if (after) {
      const at = new Date(after.sortKey);
      filter.$or = [{ joinedAt: { $gt: at } }, { joinedAt: at, _id: { $gt: after.id } }];
    }
    return this.memberships.find(filter).sort({ joinedAt: 1, _id: 1 }).limit(limit).lean<MembershipRecord[]>().exec();
  }

  countAdmins(workspaceId: string, session: ClientSession): Promise<number> {
    return this.memberships.countDocuments({ workspaceId, role: 'admin' }).session(session).exec();
  }

  async insert(membership: MembershipRecord, session: ClientSession): Promise<void> {
    await this.memberships.create([membership], { session });
  }

  update(
    workspaceId: string,
    userId: string,
    change: MemberChange,
    session: ClientSession,
  ): Promise<MembershipRecord | null> {
    return this.memberships
      .findOneAndUpdate({ workspaceId, userId }, { $set: change }, { returnDocument: 'after', session })
      .lean<MembershipRecord>()
      .exec();
  }

  async remove(workspaceId: string, userId: string, session: ClientSession): Promise<boolean> {
    const result = await this.memberships.deleteOne({ workspaceId, userId }, { session });
    return result.deletedCount === 1;
  }

  /** False when this acceptance was applied before (a redelivery). */
  async markAccepted(invitationId: string, workspaceId: string, userId: string, at: Date, session: ClientSession): Promise<boolean> {
    if (await this.accepted.exists({ _id: invitationId }).session(session)) return false;
    await this.accepted.create([{ _id: invitationId, workspaceId, userId, appliedAt: at }], { session });
    return true;
  }
}
