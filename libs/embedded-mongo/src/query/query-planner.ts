import type { Document } from 'bson';
import type { CollectionStore } from '../storage/collection-store';
import type { HashIndex } from '../storage/hash-index';
import { isPlainObject, valueKey } from '../storage/value-key';

/**
 * Documents as they were before an open transaction, by `_id` key (`undefined`: did not exist).
 * Every other session sees these instead of the uncommitted versions.
 */
export type PreImages = Map<string, Document | undefined>;

/** What one command may see of documents that open transactions hold. */
export interface Visibility {
  /** The versions to read instead of the stored ones in `ns`: held by others, or newer than a snapshot. */
  preImages(ns: string): PreImages | undefined;
  /**
   * Told the documents a transaction's read examined (its read set). `ids` are the `_id`s the
   * filter named, found or not: only a document with one of them could have matched, and one
   * inserted later with such an `_id` changes what the read would answer (a phantom).
   */
  examined?: (ns: string, docs: Document[], ids: readonly unknown[] | undefined) => void;
}

/** Past this many key combinations an `$in` product costs more than it saves. */
const MAX_LOOKUP_TUPLES = 10_000;

/**
 * A superset of the documents matching `filter`, narrowed by `_id` or a hash index when the
 * filter fixes indexed fields by equality (`f: v`, `$eq`, `$in`, inside `$and` too). mingo
 * applies the full filter afterwards, so the choice here never changes an answer.
 */
export function selectCandidates(store: CollectionStore, filter: Document, useIndexes = true, preImages?: PreImages): Document[] {
  const current = currentCandidates(store, filter, useIndexes);
  if (!preImages || preImages.size === 0) return current;
  // Indexes hold the uncommitted values, so every pre-image is a candidate (mingo filters them).
  const visible = current.filter((doc) => !preImages.has(valueKey(doc._id)));
  for (const before of preImages.values()) if (before) visible.push(before);
  return visible;
}

function currentCandidates(store: CollectionStore, filter: Document, useIndexes: boolean): Document[] {
  if (!useIndexes) return [...store.docs.values()];
  const equalities = extractEqualities(filter);
  const ids = equalities.get('_id');
  if (ids) {
    const out: Document[] = [];
    const seen = new Set<string>();
    for (const id of ids) {
      const key = valueKey(id);
      const doc = store.get(key);
      if (doc && !seen.has(key)) {
        seen.add(key);
        out.push(doc);
      }
    }
    return out;
  }
  const plan = choosePlan(store, equalities);
  if (!plan) return [...store.docs.values()];
  const out: Document[] = [];
  for (const id of plan.index.lookup(plan.tuples)) {
    const doc = store.get(id);
    if (doc) out.push(doc);
  }
  return out;
}

function choosePlan(
  store: CollectionStore,
  equalities: Map<string, unknown[]>,
): { index: HashIndex; tuples: unknown[][] } | null {
  if (equalities.size === 0) return null;
  let best: { index: HashIndex; length: number } | null = null;
  for (const index of store.indexes.values()) {
    if (!index.selective) continue;
    let length = 0;
    while (length < index.fields.length && equalities.has(index.fields[length])) length++;
    if (length === 0) continue;
    const full = length === index.fields.length;
    const better = !best || length > best.length || (length === best.length && full && index.unique);
    if (better) best = { index, length };
  }
  if (!best) return null;
  let tuples: unknown[][] = [[]];
  for (const field of best.index.fields.slice(0, best.length)) {
    const values = equalities.get(field) ?? [];
    if (tuples.length * values.length > MAX_LOOKUP_TUPLES) return null;
    tuples = tuples.flatMap((tuple) => values.map((value) => [...tuple, value]));
  }
  return { index: best.index, tuples };
}

export function extractEqualities(filter: Document, into = new Map<string, unknown[]>()): Map<string, unknown[]> {
  for (const [key, condition] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(condition)) {
      for (const clause of condition) if (isPlainObject(clause)) extractEqualities(clause, into);
      continue;
    }
    if (key.startsWith('$') || into.has(key)) continue;
    const values = equalityValues(condition);
    if (values) into.set(key, values);
  }
  return into;
}

function equalityValues(condition: unknown): unknown[] | null {
  if (isOperatorObject(condition)) {
    if ('$eq' in condition) return isLookupValue(condition.$eq) ? [condition.$eq] : null;
    const list = condition.$in;
    if (Array.isArray(list) && list.every(isLookupValue)) return list;
    return null;
  }
  return isLookupValue(condition) ? [condition] : null;
}

export function isOperatorObject(value: unknown): value is Document {
  if (!isPlainObject(value)) return false;
  const first = Object.keys(value)[0];
  return first !== undefined && first.startsWith('$');
}

/** Arrays match element-wise or whole and regexes match by pattern: both need a scan. */
function isLookupValue(value: unknown): boolean {
  if (Array.isArray(value) || value instanceof RegExp) return false;
  if ((value as { _bsontype?: string } | null)?._bsontype === 'BSONRegExp') return false;
  return !isOperatorObject(value);
}
