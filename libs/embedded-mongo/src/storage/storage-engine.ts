import type { Document } from 'bson';
import { MongoCommandError } from '../errors/mongo-error';
import { CollectionStore } from './collection-store';
import { invert, splitNamespace, type ChangeSink, type StorageChange } from './storage-change';
import { valueKey } from './value-key';

/** The catalog: databases exist only while they hold a collection, as in mongod. */
export class StorageEngine {
  private readonly dbs = new Map<string, Map<string, CollectionStore>>();
  private target: ChangeSink = () => undefined;
  private readonly sink: ChangeSink = (change) => this.target(change);

  /** Routes every change of the running command (to the log, or to a transaction). */
  setSink(sink: ChangeSink): void {
    this.target = sink;
  }

  collection(db: string, name: string): CollectionStore | undefined {
    return this.dbs.get(db)?.get(name);
  }

  /** Writes create collections implicitly. */
  ensureCollection(db: string, name: string): CollectionStore {
    return this.collection(db, name) ?? this.createCollection(db, name, {});
  }

  createCollection(db: string, name: string, options: Document, emit = true): CollectionStore {
    validateName(db, name);
    if (this.collection(db, name)) {
      throw new MongoCommandError('NamespaceExists', `Collection ${db}.${name} already exists.`);
    }
    let collections = this.dbs.get(db);
    if (!collections) this.dbs.set(db, (collections = new Map()));
    const store = new CollectionStore(`${db}.${name}`, options, this.sink);
    collections.set(name, store);
    if (emit) this.sink({ kind: 'createCollection', ns: store.ns, options });
    return store;
  }

  dropCollection(db: string, name: string, emit = true): CollectionStore | undefined {
    const collections = this.dbs.get(db);
    const store = collections?.get(name);
    if (!collections || !store) return undefined;
    collections.delete(name);
    if (collections.size === 0) this.dbs.delete(db);
    if (emit) this.sink({ kind: 'dropCollection', ns: store.ns });
    return store;
  }

  databaseNames(): string[] {
    return [...this.dbs.keys()];
  }

  collections(db: string): CollectionStore[] {
    return [...(this.dbs.get(db)?.values() ?? [])];
  }

  allCollections(): CollectionStore[] {
    return [...this.dbs.values()].flatMap((collections) => [...collections.values()]);
  }

  /** Re-applies a logged change (startup replay) or its inverse (transaction undo). */
  apply(change: StorageChange): void {
    const { db, coll } = splitNamespace(change.ns);
    switch (change.kind) {
      case 'put':
        this.ensureSilently(db, coll).restore(valueKey(change.after._id), change.after);
        break;
      case 'delete':
        this.collection(db, coll)?.restore(valueKey(change.before._id), undefined);
        break;
      case 'createCollection':
        if (!this.collection(db, coll)) this.createCollection(db, coll, change.options, false);
        break;
      case 'dropCollection':
        this.dropCollection(db, coll, false);
        break;
      case 'createIndex':
        this.ensureSilently(db, coll).createIndex(change.spec, false);
        break;
      case 'dropIndex':
        this.collection(db, coll)?.dropIndex(change.name, false);
        break;
    }
  }

  /** Undoes `changes`, last first (transaction abort, or a command that must wait and rerun). */
  undo(changes: StorageChange[]): void {
    for (let i = changes.length - 1; i >= 0; i--) {
      for (const inverse of invert(changes[i])) this.apply(inverse);
    }
  }

  private ensureSilently(db: string, name: string): CollectionStore {
    return this.collection(db, name) ?? this.createCollection(db, name, {}, false);
  }
}

function validateName(db: string, name: string): void {
  if (!db || /[/\\. "$]/.test(db)) throw new MongoCommandError('InvalidNamespace', `Invalid database name: '${db}'`);
  if (!name || name.includes('$') || name.includes('\0')) {
    throw new MongoCommandError('InvalidNamespace', `Invalid collection name: ${name}`);
  }
}
