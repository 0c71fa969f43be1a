import { isDuplicateKey, keysetQuery } from '@support-hub/persistence';
import { Inject, Injectable } from '@nestjs/common';
import type { ClientSession, Model, QueryFilter } from 'mongoose';
import type { CursorPosition } from '@support-hub/platform';
import { placeNumberOf, type EngineerLoad } from '../engineers/engineer-load';
import { EngineerLoadReader, noLoad } from '../engineers/engineer-load.reader';
import type { CaseRecord, CaseStatus, Severity } from './case';
import { CASE } from './case.schema';

export interface CaseFilter {
  status?: CaseStatus;
  severity?: Severity;
  workspaceId?: string;
}

/** Whose cases a caller lists: those of their workspaces, and those assigned to them as an engineer. */
export interface CallerCases {
  workspaceIds: string[];
  engineerId: string | null;
}

/** The index that makes two bookings of one place in an engineer's load collide. */
export function isPlaceTaken(error: unknown): boolean {
  return isDuplicateKey(error) && (error as { keyPattern?: Record<string, unknown> }).keyPattern?.place !== undefined;
}

@Injectable()
export class CasesRepository implements EngineerLoadReader {
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

  /** The caller's cases: those of the workspaces they belong to, and those assigned to them. */
  listForCaller(caller: CallerCases, filter: CaseFilter, after: CursorPosition | null, limit: number): Promise<CaseRecord[]> {
    const whose: QueryFilter<CaseRecord>[] = [];
    if (caller.workspaceIds.length > 0) whose.push({ workspaceId: { $in: caller.workspaceIds } });
    if (caller.engineerId) whose.push({ assignedEngineerId: caller.engineerId });
    if (whose.length === 0) return Promise.resolve([]);
    return this.newestFirst({ $or: whose, ...filter }, after, limit);
  }

  /** The unassigned queue: open cases nobody holds, the longest waiting first. */
  listUnassigned(filter: Omit<CaseFilter, 'status'>, after: CursorPosition | null, limit: number): Promise<CaseRecord[]> {
    const { filter: query, sort } = keysetQuery<CaseRecord>({ status: 'open', assignedEngineerId: null, ...filter }, 'openedAt', 'oldest-first', after);
    return this.cases.find(query).sort(sort).limit(limit).lean<CaseRecord[]>().exec();
  }

  /** Each engineer's load with the time of their last assignment. */
  async loadsOf(engineerIds: string[], session?: ClientSession): Promise<Map<string, EngineerLoad>> {
    const loads = await this.openLoadsOf(engineerIds, session);
    await this.addLastAssignedAt([...loads.values()], session);
    return loads;
  }

  /**
   * Each engineer's open cases and their places, counted from the cases (indexed by engineer
   * and status); `lastAssignedAt` left null. Inside a booking's transaction the reads are one
   * snapshot, so the choice and the place agree.
   */
  async openLoadsOf(engineerIds: string[], session?: ClientSession): Promise<Map<string, EngineerLoad>> {
    const loads = new Map(engineerIds.map((id) => [id, noLoad(id)]));
    if (engineerIds.length === 0) return loads;
    const open = await this.cases
      .find({ assignedEngineerId: { $in: engineerIds }, status: 'open' }, { assignedEngineerId: 1, place: 1 })
      .session(session ?? null)
      .lean<Pick<CaseRecord, 'assignedEngineerId' | 'place'>[]>()
      .exec();
    for (const { assignedEngineerId, place } of open) {
      const load = loads.get(assignedEngineerId!)!;
      load.openCases++;
      const number = placeNumberOf(load.engineerId, place);
      if (number !== null) load.places.push(number);
    }
    return loads;
  }

  /** The latest `assignedAt` of each engineer's cases, the tie-break between equal loads. */
  async addLastAssignedAt(loads: EngineerLoad[], session?: ClientSession): Promise<void> {
    // One at a time: a transaction's session runs one operation at a time.
    for (const load of loads) {
      const latest = await this.cases
        .findOne({ assignedEngineerId: load.engineerId }, { assignedAt: 1 })
        .sort({ assignedAt: -1 })
        .session(session ?? null)
        .lean<Pick<CaseRecord, 'assignedAt'>>()
        .exec();
      load.lastAssignedAt = latest?.assignedAt ?? null;
    }
  }

  /** The open cases an engineer holds, oldest first (the order they go back to assignment in). */
  openAssignedTo(engineerId: string | { $in: string[] }, session?: ClientSession): Promise<CaseRecord[]> {
    return this.cases.find({ assignedEngineerId: engineerId, status: 'open' }).sort({ openedAt: 1, _id: 1 }).session(session ?? null).lean<CaseRecord[]>().exec();
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
