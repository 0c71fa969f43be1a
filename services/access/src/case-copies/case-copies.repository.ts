import { Inject, Injectable } from '@nestjs/common';
import type { ClientSession, Model } from 'mongoose';
import { CASE_COPY, type CaseCopyRecord } from './case-copy.schema';

@Injectable()
export class CaseCopiesRepository {
  constructor(@Inject(CASE_COPY) private readonly copies: Model<CaseCopyRecord>) {}

  findById(caseId: string, session?: ClientSession): Promise<CaseCopyRecord | null> {
    return this.copies.findById(caseId).session(session ?? null).lean<CaseCopyRecord>().exec();
  }

  /**
   * Stores `next` over `previous` (read in the same transaction). The revision in the filter
   * keeps a concurrent, newer copy from being overwritten.
   */
  async save(previous: CaseCopyRecord | null, next: Omit<CaseCopyRecord, 'accessEpoch'>, session: ClientSession): Promise<boolean> {
    if (!previous) {
      await this.copies.create([{ ...next, accessEpoch: 0 }], { session });
      return true;
    }
    const { _id, ...fields } = next;
    const result = await this.copies.updateOne({ _id, revision: previous.revision }, { $set: fields, $inc: { accessEpoch: 1 } }, { session });
    return result.modifiedCount === 1;
  }

  /** A contract's expiry: every open case of these workspaces, so access created concurrently conflicts with it. */
  async claimOpenInWorkspaces(workspaceIds: readonly string[], session: ClientSession): Promise<void> {
    await this.copies.updateMany({ workspaceId: { $in: [...workspaceIds] }, status: 'open' }, { $inc: { accessEpoch: 1 } }, { session });
  }

  /** Claims the right to create access for an open case; false when the case is closed (or unknown). */
  async claimOpenForAccess(caseId: string, session: ClientSession): Promise<boolean> {
    const result = await this.copies.updateOne({ _id: caseId, status: 'open' }, { $inc: { accessEpoch: 1 } }, { session });
    return result.modifiedCount === 1;
  }
}
