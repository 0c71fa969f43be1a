import type { Document } from 'bson';
import { badValue, MongoCommandError, notSupported } from '../errors/mongo-error';
import type { CollectionStore } from '../storage/collection-store';
import type { IndexSpec } from '../storage/hash-index';
import { isPlainObject, valueKey } from '../storage/value-key';
import { collectionName, documentArray } from './command-args';
import type { CommandContext, CommandTable } from './command-context';

/** Options that change what an index means; anything else (background, v, ...) is harmless. */
const SPEC_FIELDS = ['key', 'name', 'unique', 'sparse', 'partialFilterExpression', 'expireAfterSeconds'];
const KEY_TYPES = new Set<unknown>(['hashed', 'text', '2d', '2dsphere']);

function normalizeSpec(raw: Document): IndexSpec {
  if (!isPlainObject(raw.key) || Object.keys(raw.key).length === 0) throw badValue('index key pattern must be a non-empty object');
  for (const [field, type] of Object.entries(raw.key)) {
    if (!(typeof type === 'number' && type !== 0) && !KEY_TYPES.has(type)) {
      throw new MongoCommandError('InvalidOptions', `Unknown index plugin '${String(type)}' for field ${field}`);
    }
  }
  if (raw.collation !== undefined) throw notSupported('index collation');
  const name = typeof raw.name === 'string' ? raw.name : Object.entries(raw.key).map(([k, v]) => `${k}_${String(v)}`).join('_');
  const spec: IndexSpec = { v: 2, key: raw.key, name };
  if (raw.unique === true) spec.unique = true;
  if (raw.sparse === true) spec.sparse = true;
  if (isPlainObject(raw.partialFilterExpression)) spec.partialFilterExpression = raw.partialFilterExpression;
  if (typeof raw.expireAfterSeconds === 'number') spec.expireAfterSeconds = raw.expireAfterSeconds;
  return spec;
}

function sameMeaning(a: IndexSpec, b: IndexSpec): boolean {
  return SPEC_FIELDS.every((field) => valueKey(a[field] ?? null) === valueKey(b[field] ?? null));
}

function createIndexes(command: Document, ctx: CommandContext): Document {
  const name = collectionName(command, 'createIndexes');
  const specs = documentArray(command, 'indexes').map(normalizeSpec);
  const existed = ctx.engine.collection(ctx.db, name) !== undefined;
  const store = ctx.engine.ensureCollection(ctx.db, name);
  const before = store.indexes.size + 1;
  for (const spec of specs) {
    if (spec.name === '_id_' || valueKey(spec.key) === valueKey({ _id: 1 })) continue;
    const byName = store.indexes.get(spec.name);
    if (byName) {
      if (sameMeaning(byName.spec, spec)) continue;
      throw new MongoCommandError(
        valueKey(byName.spec.key) === valueKey(spec.key) ? 'IndexOptionsConflict' : 'IndexKeySpecsConflict',
        `An existing index has the same name as the requested index. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(byName.spec)}`,
      );
    }
    const byKey = [...store.indexes.values()].find((index) => valueKey(index.spec.key) === valueKey(spec.key));
    if (byKey && sameMeaning({ ...byKey.spec, name: spec.name }, spec)) continue;
    if (byKey) {
      throw new MongoCommandError(
        'IndexOptionsConflict',
        `An equivalent index already exists with a different name and options. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(byKey.spec)}`,
      );
    }
    store.createIndex(spec);
  }
  return {
    numIndexesBefore: before,
    numIndexesAfter: store.indexes.size + 1,
    createdCollectionAutomatically: !existed,
    ok: 1,
  };
}

function requireCollection(ctx: CommandContext, name: string): CollectionStore {
  const store = ctx.engine.collection(ctx.db, name);
  if (!store) throw new MongoCommandError('NamespaceNotFound', `ns does not exist: ${ctx.db}.${name}`);
  return store;
}

function listIndexes(command: Document, ctx: CommandContext): Document {
  const name = collectionName(command, 'listIndexes');
  const store = requireCollection(ctx, name);
  const batchSize = (command.cursor as Document | undefined)?.batchSize as number | undefined;
  return { cursor: ctx.cursors.open(store.ns, store.indexSpecs(), batchSize), ok: 1 };
}

function dropIndexes(command: Document, ctx: CommandContext): Document {
  const store = requireCollection(ctx, collectionName(command, 'dropIndexes'));
  const nIndexesWas = store.indexes.size + 1;
  const target = command.index;
  let names: string[];
  if (target === '*') names = [...store.indexes.keys()];
  else if (typeof target === 'string') names = [target];
  else if (Array.isArray(target)) names = target.map(String);
  else if (isPlainObject(target)) {
    const match = [...store.indexes.values()].find((index) => valueKey(index.spec.key) === valueKey(target));
    if (!match) throw new MongoCommandError('IndexNotFound', `can't find index with key: ${JSON.stringify(target)}`);
    names = [match.name];
  } else throw badValue(`'index' must be a string, array or object`);
  for (const name of names) {
    if (name === '_id_') throw new MongoCommandError('InvalidOptions', 'cannot drop _id index');
    if (!store.indexes.has(name)) throw new MongoCommandError('IndexNotFound', `index not found with name [${name}]`);
  }
  for (const name of names) store.dropIndex(name);
  return { nIndexesWas, ok: 1 };
}

export const INDEX_COMMANDS: CommandTable = {
  createIndexes: { data: true, ddl: true, run: createIndexes, refusedInTransaction: true },
  listIndexes: { data: true, run: listIndexes },
  dropIndexes: { data: true, ddl: true, run: dropIndexes, refusedInTransaction: true },
};
