import type { Document } from 'bson';
import { Query } from 'mingo';
import { MongoCommandError } from '../errors/mongo-error';
import { valueKey, valuesAtPath } from './value-key';

export interface IndexSpec extends Document {
  v: number;
  key: Document;
  name: string;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Document;
  expireAfterSeconds?: number;
}

interface IndexEntry {
  keys: string[]; // one per prefix length, the last is the full key
  values: unknown[];
}

/** A single id is stored bare; only keys shared by several documents pay for a Set. */
type Bucket = string | Set<string>;

const LOOKUP_TYPES = new Set<unknown>([1, -1, 'hashed']);

function part(key: string): string {
  return `${key.length}#${key}`;
}

/**
 * Equality-only index over one or more dotted paths. Array values expand (multikey), compound
 * keys are the product of the fields' values, and every key prefix gets its own map so a query
 * fixing only the leading fields still avoids a scan.
 */
export class HashIndex {
  readonly fields: string[];
  /** Text/geo indexes are accepted as metadata; queries needing them fail in mingo. */
  readonly metadataOnly: boolean;
  private readonly maps: Array<Map<string, Bucket>>;
  private readonly partial?: Query;

  constructor(readonly spec: IndexSpec) {
    this.fields = Object.keys(spec.key);
    this.metadataOnly = Object.values(spec.key).some((type) => !LOOKUP_TYPES.has(type) && typeof type !== 'number');
    this.maps = this.fields.map(() => new Map<string, Bucket>());
    if (spec.partialFilterExpression) this.partial = new Query(spec.partialFilterExpression);
  }

  get name(): string {
    return this.spec.name;
  }

  get unique(): boolean {
    return this.spec.unique === true;
  }

  /** Usable for candidate selection: every document with the looked-up values is in the index. */
  get selective(): boolean {
    return !this.metadataOnly && !this.spec.sparse && !this.partial && !this.fields.some((f) => /\.\d+(\.|$)/.test(f));
  }

  private entriesOf(doc: Document): IndexEntry[] {
    if (this.metadataOnly || (this.partial && !this.partial.test(doc))) return [];
    const perField = this.fields.map((field) => distinct(valuesAtPath(doc, field)));
    if (this.spec.sparse && perField.every((values) => values.length === 1 && values[0] === undefined)) return [];
    if (perField.filter((values) => values.length > 1).length > 1) {
      throw new MongoCommandError(
        'CannotIndexParallelArrays',
        `cannot index parallel arrays [${this.fields.join('] [')}]`,
      );
    }
    let entries: IndexEntry[] = [{ keys: [], values: [] }];
    for (const values of perField) {
      const next: IndexEntry[] = [];
      for (const entry of entries) {
        const prefix = entry.keys.length > 0 ? entry.keys[entry.keys.length - 1] : '';
        for (const value of values) {
          next.push({ keys: [...entry.keys, prefix + part(valueKey(value))], values: [...entry.values, value] });
        }
      }
      entries = next;
    }
    return entries;
  }

  /** The values of an entry that another document already holds, or null. */
  findConflict(doc: Document, selfId: string): { values: unknown[]; id: string } | null {
    if (!this.unique) return null;
    const full = this.maps[this.maps.length - 1];
    for (const entry of this.entriesOf(doc)) {
      const bucket = full.get(entry.keys[entry.keys.length - 1]);
      if (bucket === undefined) continue;
      const other = typeof bucket === 'string' ? (bucket !== selfId ? bucket : undefined) : [...bucket].find((id) => id !== selfId);
      if (other !== undefined) return { values: entry.values, id: other };
    }
    return null;
  }

  add(id: string, doc: Document): void {
    for (const entry of this.entriesOf(doc)) {
      entry.keys.forEach((key, i) => {
        const map = this.maps[i];
        const bucket = map.get(key);
        if (bucket === undefined) map.set(key, id);
        else if (typeof bucket === 'string') {
          if (bucket !== id) map.set(key, new Set([bucket, id]));
        } else bucket.add(id);
      });
    }
  }

  remove(id: string, doc: Document): void {
    for (const entry of this.entriesOf(doc)) {
      entry.keys.forEach((key, i) => {
        const map = this.maps[i];
        const bucket = map.get(key);
        if (bucket === id) map.delete(key);
        else if (bucket instanceof Set) {
          bucket.delete(id);
          if (bucket.size === 1) map.set(key, bucket.values().next().value as string);
          else if (bucket.size === 0) map.delete(key);
        }
      });
    }
  }

  /** Ids whose leading `values.length` fields equal one of the given value tuples. */
  lookup(tuples: unknown[][]): Set<string> {
    const ids = new Set<string>();
    for (const tuple of tuples) {
      const map = this.maps[tuple.length - 1];
      const bucket = map.get(tuple.map((value) => part(valueKey(value))).join(''));
      if (bucket === undefined) continue;
      if (typeof bucket === 'string') ids.add(bucket);
      else for (const id of bucket) ids.add(id);
    }
    return ids;
  }

  clear(): void {
    for (const map of this.maps) map.clear();
  }
}

function distinct(values: unknown[]): unknown[] {
  if (values.length < 2) return values;
  const seen = new Map<string, unknown>();
  for (const value of values) {
    const key = valueKey(value);
    if (!seen.has(key)) seen.set(key, value);
  }
  return [...seen.values()];
}
