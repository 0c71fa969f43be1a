import type { Document } from 'bson';
import { Query } from 'mingo';
import type { CollectionStore } from './collection-store';
import type { StorageEngine } from './storage-engine';
import { valuesAtPath } from './value-key';

/**
 * Deletes documents whose TTL-indexed date (the earliest, for arrays) plus `expireAfterSeconds`
 * has passed, like mongod's TTL monitor. Returns how many were removed. Documents an open
 * transaction holds (`isHeld`) wait for the next sweep.
 */
export function sweepExpired(engine: StorageEngine, now = Date.now(), isHeld: (ns: string, id: string) => boolean = () => false): number {
  let removed = 0;
  for (const store of engine.allCollections()) {
    for (const id of expiredIds(store, now)) {
      if (isHeld(store.ns, id)) continue;
      store.delete(id);
      removed++;
    }
  }
  return removed;
}

export function hasTtlIndexes(engine: StorageEngine): boolean {
  return engine.allCollections().some((store) => ttlRules(store).length > 0);
}

interface TtlRule {
  field: string;
  ms: number;
  /** A partial TTL index only expires the documents its filter selects. */
  applies: (doc: Document) => boolean;
}

function ttlRules(store: CollectionStore): TtlRule[] {
  return [...store.indexes.values()]
    .filter((index) => typeof index.spec.expireAfterSeconds === 'number' && index.fields.length === 1)
    .map((index) => {
      const partial = index.spec.partialFilterExpression ? new Query(index.spec.partialFilterExpression) : undefined;
      return {
        field: index.fields[0],
        ms: (index.spec.expireAfterSeconds as number) * 1000,
        applies: (doc: Document) => !partial || partial.test(doc),
      };
    });
}

function expiredIds(store: CollectionStore, now: number): string[] {
  const rules = ttlRules(store);
  if (rules.length === 0) return [];
  const ids: string[] = [];
  for (const [id, doc] of store.docs) {
    for (const { field, ms, applies } of rules) {
      const times = valuesAtPath(doc, field)
        .filter((value): value is Date => value instanceof Date)
        .map((date) => date.getTime());
      if (times.length > 0 && Math.min(...times) + ms <= now && applies(doc)) {
        ids.push(id);
        break;
      }
    }
  }
  return ids;
}
