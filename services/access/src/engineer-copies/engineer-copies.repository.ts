import { Inject, Injectable } from '@nestjs/common';
import type { ClientSession, Model } from 'mongoose';
import { unknownEngineer, type EngineerCopyRecord } from './engineer-copy';
import { ENGINEER_COPY } from './engineer-copy.schema';

/** The model (`engineer-copy.ts`) decides what a change is; this stores it. */
@Injectable()
export class EngineerCopiesRepository {
  constructor(@Inject(ENGINEER_COPY) private readonly copies: Model<EngineerCopyRecord>) {}

  /**
   * Applies `change` to the copy read in the same transaction. Every write bumps `accessEpoch`
   * and is conditional on the one read, so a concurrent claim or event makes one of the two
   * retry instead of being overwritten.
   */
  async record(engineerId: string, change: (previous: EngineerCopyRecord | null) => EngineerCopyRecord | null, session: ClientSession): Promise<void> {
    const previous = await this.copies.findById(engineerId).session(session).lean<EngineerCopyRecord>().exec();
    const next = change(previous);
    if (!next) return;
    if (!previous) {
      await this.copies.create([{ ...next, accessEpoch: 1 }], { session });
      return;
    }
    const { _id, accessEpoch, ...fields } = next;
    const result = await this.copies.updateOne({ _id, accessEpoch: previous.accessEpoch }, { $set: fields, $inc: { accessEpoch: 1 } }, { session });
    if (result.modifiedCount !== 1) throw new Error(`engineer ${engineerId} copy changed concurrently; retrying`);
  }

  /**
   * Claims the right to give the engineer access in this transaction; false when they are known
   * to be inactive. An engineer no event has named yet gets a placeholder (allowed), written so
   * that a deactivation arriving meanwhile still conflicts with this claim.
   */
  async claimForAccess(engineerId: string, session: ClientSession): Promise<boolean> {
    const { _id, accessEpoch, ...unknown } = unknownEngineer(engineerId);
    const copy = await this.copies
      .findOneAndUpdate({ _id }, { $inc: { accessEpoch: 1 }, $setOnInsert: unknown }, { upsert: true, returnDocument: 'after', session })
      .lean<EngineerCopyRecord>()
      .exec();
    return copy!.active;
  }
}
