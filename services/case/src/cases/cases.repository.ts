import { keysetQuery } from '@support-hub/persistence';
import { Inject, Injectable } from '@nestjs/common';
import type { ClientSession, Model, QueryFilter } from 'mongoose';
import type { CursorPosition } from '@support-hub/platform';
import type { CaseRecord, CaseStatus, Severity } from './case';
import { CASE } from './case.schema';

export interface CaseFilter {
  status?: CaseStatus;
  severity?: Severity;
}

@Injectable()
export class CasesRepository {
  constructor(@Inject(CASE) private readonly cases: Model<CaseRecord>) {}

  async insert(record: CaseRecord, session: ClientSession): Promise<void> {
    await this.cases.create([record], { session });
  }

  findById(id: string, session?: ClientSession): Promise<CaseRecord | null> {
    return this.cases.findById(id).session(session ?? null).lean<CaseRecord>().exec();
  }

  /** Writes `next` only over the revision the caller read: a concurrent change makes it a no-op. */
  async replaceRevision(current: CaseRecord, next: CaseRecord, session: ClientSession): Promise<boolean> {
    const { _id, ...fields } = next;
    const result = await this.cases.updateOne({ _id, revision: current.revision }, { $set: fields }, { session });
    return result.modifiedCount === 1;
  }

  /** A description edit is not an event for anyone else, so it does not take a revision. */
  async updateDescription(id: string, description: string, at: Date, session: ClientSession): Promise<void> {
    await this.cases.updateOne({ _id: id, status: 'open' }, { $set: { description, updatedAt: at } }, { session });
  }

  listInWorkspace(workspaceId: string, filter: CaseFilter, after: CursorPosition | null, limit: number): Promise<CaseRecord[]> {
    return this.newestFirst({ workspaceId, ...filter }, after, limit);
  }

  listAssignedTo(engineerId: string, filter: CaseFilter, after: CursorPosition | null, limit: number): Promise<CaseRecord[]> {
    return this.newestFirst({ assignedEngineerId: engineerId, ...filter }, after, limit);
  }

  /** The open cases an engineer holds, oldest first (the order they go back to assignment in). */
  openAssignedTo(engineerId: string, session: ClientSession): Promise<CaseRecord[]> {
    return this.cases.find({ assignedEngineerId: engineerId, status: 'open' }).sort({ openedAt: 1, _id: 1 }).session(session).lean<CaseRecord[]>().exec();
  }

  /** Open cases waiting for an engineer, oldest first. */
  waitingForEngineer(limit: number): Promise<Pick<CaseRecord, '_id'>[]> {
    return this.cases
      .find({ status: 'open', assignedEngineerId: null }, { _id: 1 })
      .sort({ openedAt: 1, _id: 1 })
      .limit(limit)
      .lean<Pick<CaseRecord, '_id'>[]>()
      .exec();
  }

  private newestFirst(base: QueryFilter<CaseRecord>, after: CursorPosition | null, limit: number): Promise<CaseRecord[]> {
    const { filter, sort } = keysetQuery(base, 'openedAt', 'newest-first', after);
    return this.cases.find(filter).sort(sort).limit(limit).lean<CaseRecord[]>().exec();
  }
}
