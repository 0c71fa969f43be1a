import { calculateObjectSize, ObjectId, UUID, type Document } from 'bson';
import { badValue, MongoCommandError } from '../errors/mongo-error';
import { HashIndex, type IndexSpec } from './hash-index';
import { formatKeyValue, keyValueDocument } from './key-format';
import type { ChangeSink } from './storage-change';
import { valueKey } from './value-key';
import { MAX_BSON_OBJECT_SIZE } from '../wire/wire-protocol';

export const ID_INDEX_SPEC: IndexSpec = { v: 2, key: { _id: 1 }, name: '_id_' };

/**
 * One collection: documents by canonical `_id` key (the Map doubles as the `_id` index and keeps
 * insertion order as natural order) plus secondary hash indexes. Stored documents are never
 * mutated: writers build a new object and swap it in, so cursors can hold references safely.
 */
export class CollectionStore {
  readonly docs = new Map<string, Document>();
  readonly indexes = new Map<string, HashIndex>();
  readonly uuid = new UUID();

  constructor(
    readonly ns: string,
    readonly options: Document,
    private readonly sink: ChangeSink,
  ) {}

  get(id: string): Document | undefined {
    return this.docs.get(id);
  }

  insert(input: Document): Document {
    const doc = withIdFirst(input);
    checkIdValue(doc._id);
    checkSize(doc);
    const id = valueKey(doc._id);
    if (this.docs.has(id)) throw this.duplicate(ID_INDEX_SPEC, ['_id'], { values: [doc._id], id });
    this.checkUnique(doc, id);
    this.index(id, doc);
    this.docs.set(id, doc);
    this.sink({ kind: 'put', ns: this.ns, before: undefined, after: doc });
    return doc;
  }

  replace(id: string, next: Document): void {
    const before = this.docs.get(id);
    if (!before) throw new MongoCommandError('InternalError', `document ${id} vanished during update`);
    this.checkUnique(next, id);
    this.unindex(id, before);
    try {
      this.index(id, next);
    } catch (error) {
      this.index(id, before);
      throw error;
    }
    this.docs.set(id, next);
    this.sink({ kind: 'put', ns: this.ns, before, after: next });
  }

  delete(id: string): void {
    const before = this.docs.get(id);
    if (!before) return;
    this.unindex(id, before);
    this.docs.delete(id);
    this.sink({ kind: 'delete', ns: this.ns, before });
  }

  /** Writes a known-consistent state (log replay, transaction undo) without checks or events. */
  restore(id: string, doc: Document | undefined): void {
    const current = this.docs.get(id);
    if (current) this.unindex(id, current);
    if (doc) {
      this.index(id, doc);
      this.docs.set(id, doc);
    } else {
      this.docs.delete(id);
    }
  }

  createIndex(spec: IndexSpec, emit = true): void {
    const index = new HashIndex(spec);
    for (const [id, doc] of this.docs) {
      const conflict = index.findConflict(doc, id);
      if (conflict) throw this.duplicate(spec, index.fields, conflict);
      index.add(id, doc);
    }
    this.indexes.set(spec.name, index);
    if (emit) this.sink({ kind: 'createIndex', ns: this.ns, spec });
  }

  dropIndex(name: string, emit = true): void {
    this.indexes.delete(name);
    if (emit) this.sink({ kind: 'dropIndex', ns: this.ns, name });
  }

  indexSpecs(): IndexSpec[] {
    return [ID_INDEX_SPEC, ...[...this.indexes.values()].map((index) => index.spec)];
  }

  private checkUnique(doc: Document, id: string): void {
    for (const index of this.indexes.values()) {
      const conflict = index.findConflict(doc, id);
      if (conflict) throw this.duplicate(index.spec, index.fields, conflict);
    }
  }

  private index(id: string, doc: Document): void {
    const done: HashIndex[] = [];
    try {
      for (const index of this.indexes.values()) {
        index.add(id, doc);
        done.push(index);
      }
    } catch (error) {
      for (const index of done) index.remove(id, doc);
      throw error;
    }
  }

  private unindex(id: string, doc: Document): void {
    for (const index of this.indexes.values()) index.remove(id, doc);
  }

  private duplicate(spec: IndexSpec, fields: string[], conflict: { values: unknown[]; id: string }): DuplicateKeyError {
    return new DuplicateKeyError(this.ns, conflict.id, spec, fields, conflict.values);
  }
}

/** E11000, knowing which stored document holds the key (a transaction may hold it uncommitted). */
export class DuplicateKeyError extends MongoCommandError {
  constructor(
    readonly ns: string,
    readonly conflictingId: string,
    spec: IndexSpec,
    fields: string[],
    values: unknown[],
  ) {
    super('DuplicateKey', `E11000 duplicate key error collection: ${ns} index: ${spec.name} dup key: ${formatKeyValue(fields, values)}`, {
      keyPattern: spec.key,
      keyValue: keyValueDocument(fields, values),
    });
  }
}

/** mongod stores `_id` as the first field whatever order the client used; drivers append it. */
function withIdFirst(input: Document): Document {
  if (input._id === undefined) return { _id: new ObjectId(), ...input };
  if (Object.keys(input)[0] === '_id') return input;
  const { _id, ...rest } = input;
  return { _id, ...rest };
}

/** mongod stores no document over 16 MiB (updates that grow one past it fail in the update engine). */
function checkSize(doc: Document): void {
  const size = calculateObjectSize(doc);
  if (size > MAX_BSON_OBJECT_SIZE) {
    throw new MongoCommandError('BSONObjectTooLarge', `object to insert too large. size in bytes: ${size}, max size: ${MAX_BSON_OBJECT_SIZE}`);
  }
}

function checkIdValue(id: unknown): void {
  if (Array.isArray(id)) throw badValue(`The '_id' value cannot be of type array`);
  if (id instanceof RegExp) throw badValue(`The '_id' value cannot be of type regex`);
}
