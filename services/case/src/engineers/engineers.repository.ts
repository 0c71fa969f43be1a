import { keysetQuery } from '@support-hub/persistence';
import { Inject, Injectable } from '@nestjs/common';
import type { ClientSession, Model, QueryFilter } from 'mongoose';
import type { CursorPosition } from '@support-hub/platform';
import { ASSIGNMENT_ORDER } from './assignment-order';
import type { EngineerRecord } from './engineer';
import { ENGINEER } from './engineer.schema';

@Injectable()
export class EngineersRepository {
  constructor(@Inject(ENGINEER) private readonly engineers: Model<EngineerRecord>) {}

  async insert(engineer: EngineerRecord): Promise<void> {
    await this.engineers.create([engineer]);
  }

  findById(id: string, session?: ClientSession): Promise<EngineerRecord | null> {
    return this.engineers.findById(id).session(session ?? null).lean<EngineerRecord>().exec();
  }

  async update(id: string, changes: Partial<Omit<EngineerRecord, '_id'>>, session: ClientSession): Promise<EngineerRecord | null> {
    return this.engineers.findByIdAndUpdate(id, { $set: changes }, { returnDocument: 'after', session }).lean<EngineerRecord>().exec();
  }

  list(after: CursorPosition | null, limit: number): Promise<EngineerRecord[]> {
    const { filter, sort } = keysetQuery<EngineerRecord>({}, 'registeredAt', 'oldest-first', after);
    return this.engineers.find(filter).sort(sort).limit(limit).lean<EngineerRecord[]>().exec();
  }

  /**
   * Books one more case, inside the caller's transaction, for the next active engineer with
   * this expertise (ASSIGNMENT_ORDER); null if none. One write chooses and counts: concurrent
   * bookings of one engineer queue on that engineer's document (on a replica set the later
   * transaction gets a write conflict and the driver runs it again), so none counts the same
   * free slot twice or acts on a choice another booking has made stale.
   */
  takeNextCase(areaKey: string, at: Date, session: ClientSession): Promise<EngineerRecord | null> {
    return this.engineers
      .findOneAndUpdate(
        { active: true, expertiseKeys: areaKey },
        { $inc: { openCases: 1 }, $set: { lastAssignedAt: at } },
        { sort: ASSIGNMENT_ORDER, returnDocument: 'after', session },
      )
      .lean<EngineerRecord>()
      .exec();
  }

  /** The case went back to the engineer (reopened): counts again without being a new assignment. */
  async resumeCase(engineerId: string, session: ClientSession): Promise<void> {
    await this.engineers.updateOne({ _id: engineerId }, { $inc: { openCases: 1 } }, { session });
  }

  async releaseCase(engineerId: string, session: ClientSession): Promise<void> {
    await this.engineers.updateOne({ _id: engineerId, openCases: { $gt: 0 } }, { $inc: { openCases: -1 } }, { session });
  }
}
