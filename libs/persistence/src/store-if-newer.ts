import type { ClientSession, Model, QueryFilter, UpdateQuery } from 'mongoose';
import { isDuplicateKey } from './model.provider';

export interface Revisioned {
  _id: string;
  revision: number;
}

/**
 * Keeps a local copy of another service's object from its events: a copy is written only when
 * the event's revision is newer than the stored one, because events arrive twice and out of
 * order. Returns whether the copy changed.
 *
 * Outside a transaction two deliveries may race to insert the first copy; the loser sees a
 * duplicate key and tries again as an update. Inside a transaction the database's write
 * conflict makes the runner retry the whole unit instead.
 */
export async function storeIfNewer<T extends Revisioned>(model: Model<T>, copy: T, session?: ClientSession): Promise<boolean> {
  const { _id, ...fields } = copy;
  const newer = { _id, revision: { $lt: copy.revision } } as QueryFilter<T>;
  for (let attempt = 0; attempt < 3; attempt++) {
    const updated = await model.updateOne(newer, { $set: fields } as UpdateQuery<T>, { session });
    if (updated.matchedCount === 1) return true;
    if (await model.exists({ _id } as QueryFilter<T>).session(session ?? null)) return false;
    try {
      // The generic T defeats mongoose's create() typing; the document is exactly the schema's shape.
      await model.insertMany([copy as never], { session });
      return true;
    } catch (error) {
      if (session || !isDuplicateKey(error)) throw error;
    }
  }
  return false;
}
