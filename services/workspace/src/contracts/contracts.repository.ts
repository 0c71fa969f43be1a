import { Inject, Injectable } from '@nestjs/common';
import type { ClientSession, Model } from 'mongoose';
import type { ContractRecord } from './contract';
import { CONTRACT } from './contract.schema';

/** The only code that touches the contracts collection. */
@Injectable()
export class ContractsRepository {
  constructor(@Inject(CONTRACT) private readonly contracts: Model<ContractRecord>) {}

  async insert(contract: ContractRecord): Promise<void> {
    await this.contracts.create([contract]);
  }

  findById(id: string, session?: ClientSession): Promise<ContractRecord | null> {
    return this.contracts.findById(id, null, { session }).lean<ContractRecord>().exec();
  }

  findByIds(ids: readonly string[]): Promise<ContractRecord[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.contracts.find({ _id: { $in: [...ids] } }).lean<ContractRecord[]>().exec();
  }

  /**
   * draft → active as a conditional update: of two callers (a CSAM and the sweep, or two
   * replicas) exactly one sees `true` and goes on to create the default workspace.
   */
  async activateIfDraft(activated: ContractRecord, session: ClientSession): Promise<ContractRecord | null> {
    const { _id, status, defaultWorkspaceId, activatedAt } = activated;
    return this.contracts
      .findOneAndUpdate(
        { _id, status: 'draft' },
        { $set: { status, defaultWorkspaceId, activatedAt } },
        { returnDocument: 'after', session },
      )
      .lean<ContractRecord>()
      .exec();
  }

  /** Drafts whose start date has arrived and whose term has not ended, oldest first. */
  async findDueForActivation(now: Date, limit: number): Promise<string[]> {
    const rows = await this.contracts
      .find({ status: 'draft', startsAt: { $lte: now }, endsAt: { $gt: now } }, { _id: 1 })
      .sort({ startsAt: 1, _id: 1 })
      .limit(limit)
      .lean<{ _id: string }[]>()
      .exec();
    return rows.map((row) => row._id);
  }

  /** Every contract whose term has ended becomes expired; idempotent, so replicas may race. */
  async expireEnded(now: Date): Promise<number> {
    const result = await this.contracts.updateMany(
      { status: { $in: ['draft', 'active'] }, endsAt: { $lte: now } },
      { $set: { status: 'expired', expiredAt: now } },
    );
    return result.modifiedCount;
  }
}
