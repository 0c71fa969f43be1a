import { keysetQuery } from '@support-hub/persistence';
import { Inject, Injectable } from '@nestjs/common';
import type { ClientSession, Model } from 'mongoose';
import type { CursorPosition } from '@support-hub/platform';
import type { EngineerRecord } from './engineer';
import { ENGINEER } from './engineer.schema';

@Injectable()
export class EngineersRepository {
  constructor(@Inject(ENGINEER) private readonly engineers: Model<EngineerRecord>) {}

  async insert(engineer: EngineerRecord, session: ClientSession): Promise<void> {
    await this.engineers.create([engineer], { session });
  }

  findById(id: string, session?: ClientSession): Promise<EngineerRecord | null> {
    return this.engineers.findById(id).session(session ?? null).lean<EngineerRecord>().exec();
  }

  async update(id: string, changes: Partial<Omit<EngineerRecord, '_id'>>, session: ClientSession): Promise<EngineerRecord | null> {
    return this.engineers.findByIdAndUpdate(id, { $set: changes, $inc: { revision: 1 } }, { returnDocument: 'after', session }).lean<EngineerRecord>().exec();
  }

  list(after: CursorPosition | null, limit: number): Promise<EngineerRecord[]> {
    const { filter, sort } = keysetQuery<EngineerRecord>({}, 'registeredAt', 'oldest-first', after);
    return this.engineers.find(filter).sort(sort).limit(limit).lean<EngineerRecord[]>().exec();
  }

  /** The active engineers who take cases of this product area: the candidates of a booking. */
  qualifiedFor(areaKey: string, session?: ClientSession): Promise<EngineerRecord[]> {
    return this.engineers.find({ active: true, expertiseKeys: areaKey }, { _id: 1 }).session(session ?? null).lean<EngineerRecord[]>().exec();
  }

  inactiveIds(): Promise<string[]> {
    return this.engineers.distinct('_id', { active: false }).exec() as Promise<string[]>;
  }
}
