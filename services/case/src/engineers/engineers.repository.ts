import { Inject, Injectable } from '@nestjs/common';
import type { ClientSession, Model, QueryFilter } from 'mongoose';
import type { CursorPosition } from '@support-hub/platform';
import { ENGINEER, type EngineerRecord } from './engineer.schema';

@Injectable()
export class EngineersRepository {
  constructor(@Inject(ENGINEER) private readonly engineers: Model<EngineerRecord>) {}

  async insert(engineer: EngineerRecord): Promise<void> {
    await this.engineers.create([engineer]);
  }

  findById(id: string, session?: ClientSession): Promise<EngineerRecord | null> {
    return this.engineers.findById(id).session(session ?? null).lean<EngineerRecord>().exec();
  }

  async update(id: string, changes: Partial<Omit<EngineerRecord, '_id'>>): Promise<EngineerRecord | null> {
    return this.engineers.findByIdAndUpdate(id, { $set: changes }, { returnDocument: 'after' }).lean<EngineerRecord>().exec();
  }

  list(after: CursorPosition | null, limit: number): Promise<EngineerRecord[]> {
    const filter: QueryFilter<EngineerRecord> = after
      ? { $or: [{ registeredAt: { $gt: new Date(after.sortKey) } }, { registeredAt: new Date(after.sortKey), _id: { $gt: after.id } }] }
      : {};
    return this.engineers.find(filter).sort({ registeredAt: 1, _id: 1 }).limit(limit).lean<EngineerRecord[]>().exec();
  }

  /** Active engineers with this expertise, read inside the assignment transaction. */
  qualifiedFor(areaKey: string, session: ClientSession): Promise<EngineerRecord[]> {
    return this.engineers.find({ active: true, expertiseKeys: areaKey }).session(session).lean<EngineerRecord[]>().exec();
  }

  /**
   * Takes one more case, only if the engineer is still as the assignment saw them: a
   * concurrent assignment that got there first makes this a no-op (the caller retries).
   */
  async takeCase(engineer: EngineerRecord, at: Date, session: ClientSession): Promise<boolean> {
    const result = await this.engineers.updateOne(
      { _id: engineer._id, active: true, openCases: engineer.openCases, lastAssignedAt: engineer.lastAssignedAt },
      { $inc: { openCases: 1 }, $set: { lastAssignedAt: at } },
      { session },
    );
    return result.modifiedCount === 1;
  }

  /** The case went back to the engineer (reopened): counts again without being a new assignment. */
  async resumeCase(engineerId: string, session: ClientSession): Promise<void> {
    await this.engineers.updateOne({ _id: engineerId }, { $inc: { openCases: 1 } }, { session });
  }

  async releaseCase(engineerId: string, session: ClientSession): Promise<void> {
    await this.engineers.updateOne({ _id: engineerId, openCases: { $gt: 0 } }, { $inc: { openCases: -1 } }, { session });
  }
}
