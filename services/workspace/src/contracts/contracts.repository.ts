import { Inject, Injectable } from '@nestjs/common';
import type { ClientSession, Model, QueryFilter } from 'mongoose';
import type { CursorPosition } from '@support-hub/platform';
import type { ContractRecord, ContractStatus } from './contract';
import { CONTRACT } from './contract.schema';

/** The only code that touches the contracts collection. */
@Injectable()
export class ContractsRepository {
  constructor(@Inject(CONTRACT) private readonly contracts: Model<ContractRecord>) {}

  async insert(contract: ContractRecord, session: ClientSession): Promise<void> {
    await this.contracts.create([contract], { session });
  }

  async findById(id: string, session?: ClientSession): Promise<ContractRecord | null> {
    const row = await this.contracts.findById(id, null, { session }).lean<ContractRecord>().exec();
    return row && withDefaults(row);
  }

  async findByIds(ids: readonly string[]): Promise<ContractRecord[]> {
    if (ids.length === 0) return [];
    return (await this.contracts.find({ _id: { $in: [...ids] } }).lean<ContractRecord[]>().exec()).map(withDefaults);
  }

  /**
   * Contracts managed per `managedBy`, in creation order after `after`, with the status a reader
   * sees as of `now` (`effectiveStatus` in contract.ts, as a query: an ended term is expired
   * whatever is stored).
   */
  async page(managedBy: readonly QueryFilter<ContractRecord>[], status: ContractStatus | undefined, now: Date, after: CursorPosition | null, limit: number): Promise<ContractRecord[]> {
    if (managedBy.length === 0) return [];
    const and: QueryFilter<ContractRecord>[] = [{ $or: [...managedBy] }];
    if (status === 'expired') and.push({ endsAt: { $lte: now } });
    if (status === 'draft') and.push({ status: 'draft', endsAt: { $gt: now } });
    if (status === 'active') and.push({ status: { $in: ['active', 'expired'] }, endsAt: { $gt: now } });
    if (after) {
      const at = new Date(after.sortKey);
      and.push({ $or: [{ createdAt: { $gt: at } }, { createdAt: at, _id: { $gt: after.id } }] });
    }
    return (await this.contracts.find({ $and: and }).sort({ createdAt: 1, _id: 1 }).limit(limit).lean<ContractRecord[]>().exec()).map(withDefaults);
  }

  /**
   * Stores what the model decided, conditional on the revision it was decided from: of two
   * writers (a CSAM and the sweep, two replicas, two CSAMs) exactly one succeeds; the other
   * gets null and changes nothing.
   */
  replaceIfUnchanged(next: ContractRecord, session: ClientSession): Promise<ContractRecord | null> {
    return this.contracts
      .findOneAndReplace({ _id: next._id, revision: next.revision - 1 }, next, { returnDocument: 'after', session })
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

  /** Contracts whose term has ended but whose expiry is not recorded (nor announced) yet. */
  async findDueForExpiry(now: Date, limit: number): Promise<string[]> {
    const rows = await this.contracts
      .find({ status: { $in: ['draft', 'active'] }, endsAt: { $lte: now } }, { _id: 1 })
      .sort({ endsAt: 1, _id: 1 })
      .limit(limit)
      .lean<{ _id: string }[]>()
      .exec();
    return rows.map((row) => row._id);
  }
}

/** Contracts stored before the account team's contacts and revisions existed. */
function withDefaults(row: ContractRecord): ContractRecord {
  return { ...row, csam: row.csam ?? null, accountCoordinator: row.accountCoordinator ?? null, revision: row.revision ?? 1 };
}
