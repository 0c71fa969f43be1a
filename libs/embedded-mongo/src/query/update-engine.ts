import { ObjectId, type Document } from 'bson';
import { Aggregator, update as mingoUpdate } from 'mingo';
import { MongoCommandError } from '../errors/mongo-error';
import { cloneDocument, isPlainObject, setPath, valueKey } from '../storage/value-key';
import { isOperatorObject } from './query-planner';
import { queryOptions } from './query-engine';

export type UpdateSpec = Document | Document[];

export interface ApplyOptions {
  arrayFilters?: Document[];
  /** The filter that selected the document, for the positional `$` operator. */
  query?: Document;
  /** True when the update builds an upserted document: `$setOnInsert` applies only then. */
  inserting: boolean;
}

const PIPELINE_STAGES = new Set(['$addFields', '$set', '$project', '$unset', '$replaceRoot', '$replaceWith']);

export function validateUpdate(update: unknown): UpdateSpec {
  if (Array.isArray(update)) {
    for (const stage of update) {
      const name = isPlainObject(stage) ? Object.keys(stage)[0] : undefined;
      if (!name || !PIPELINE_STAGES.has(name)) {
        throw new MongoCommandError('InvalidOptions', `${String(name)} is not allowed to be used within an update`);
      }
    }
    return update as Document[];
  }
  if (!isPlainObject(update)) throw new MongoCommandError('FailedToParse', 'Update argument must be either an object or an array');
  const keys = Object.keys(update);
  const operators = keys.filter((key) => key.startsWith('$'));
  if (operators.length > 0 && operators.length < keys.length) {
    const plain = keys.find((key) => !key.startsWith('$'));
    throw new MongoCommandError('FailedToParse', `Unknown modifier: ${plain}. Expected a valid update modifier or pipeline-style update specified as an array`);
  }
  return update;
}

export function isReplacement(update: UpdateSpec): boolean {
  return !Array.isArray(update) && !isOperatorObject(update) && !Object.keys(update).some((key) => key.startsWith('$'));
}

/**
 * A new document: the stored one is never touched (mingo updates in place, so it works on a deep
 * copy). Changing `_id` is refused as in MongoDB.
 */
export function applyUpdate(doc: Document, update: UpdateSpec, options: ApplyOptions): Document {
  let next: Document;
  if (Array.isArray(update)) {
    next = new Aggregator(update, queryOptions()).run([cloneDocument(doc)])[0] as Document;
  } else if (isReplacement(update)) {
    const { _id: replacementId, ...rest } = update;
    if (replacementId !== undefined && doc._id !== undefined && valueKey(replacementId) !== valueKey(doc._id)) {
      throw immutableId();
    }
    next = { _id: doc._id ?? replacementId, ...cloneDocument(rest) };
    if (next._id === undefined) delete next._id;
  } else {
    next = cloneDocument(doc);
    const { $setOnInsert, ...operators } = update;
    if (options.inserting && isPlainObject($setOnInsert)) {
      operators.$set = { ...(isPlainObject(operators.$set) ? operators.$set : {}), ...$setOnInsert };
    }
    if (Object.keys(operators).length > 0) {
      try {
        mingoUpdate(next, operators, options.arrayFilters, options.inserting ? undefined : options.query, {
          cloneMode: 'deep',
          queryOptions: queryOptions(),
        });
      } catch (error) {
        // mingo phrases this one like mongod but cannot know its error code.
        if (/immutable field '_id'/.test((error as Error).message)) throw immutableId();
        throw error;
      }
    }
  }
  if (doc._id !== undefined && valueKey(next._id) !== valueKey(doc._id)) throw immutableId();
  return next;
}

/** Upserted document: equality fields of the filter, then the update, then a generated `_id`. */
export function buildUpsert(query: Document, update: UpdateSpec, arrayFilters?: Document[]): Document {
  const seed: Document = {};
  if (isReplacement(update)) {
    if (query._id !== undefined && !isOperatorObject(query._id)) seed._id = query._id;
  } else {
    seedEqualities(query, seed);
  }
  const doc = applyUpdate(seed, update, { inserting: true, arrayFilters });
  if (doc._id === undefined) return { _id: new ObjectId(), ...doc };
  if (Object.keys(doc)[0] === '_id') return doc;
  const { _id, ...rest } = doc;
  return { _id, ...rest };
}

function seedEqualities(query: Document, seed: Document): void {
  for (const [key, condition] of Object.entries(query)) {
    if (key === '$and' && Array.isArray(condition)) {
      for (const clause of condition) if (isPlainObject(clause)) seedEqualities(clause, seed);
      continue;
    }
    if (key.startsWith('$')) continue;
    if (isOperatorObject(condition)) {
      if ('$eq' in condition) setPath(seed, key, cloneDocument(condition.$eq));
      continue;
    }
    if (condition instanceof RegExp) continue;
    setPath(seed, key, cloneDocument(condition));
  }
}

function immutableId(): MongoCommandError {
  return new MongoCommandError('ImmutableField', "Performing an update on the path '_id' would modify the immutable field '_id'");
}
