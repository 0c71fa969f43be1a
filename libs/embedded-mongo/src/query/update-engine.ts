import { calculateObjectSize, ObjectId, type Document } from 'bson';
import { Aggregator } from 'mingo/aggregator';
import { badValue, MongoCommandError } from '../errors/mongo-error';
import { formatKeyValue } from '../storage/key-format';
import { cloneDocument, isPlainObject, setPath, valueKey } from '../storage/value-key';
import { MAX_BSON_OBJECT_SIZE } from '../wire/wire-protocol';
import { collatorFor } from './collation';
import { matchedArrayIndex } from './positional-match';
import { filterTest, fullPipelineOptions } from './query-engine';
import { isOperatorObject } from './query-planner';
import { newTimestampSource } from './update/field-update-operators';
import type { UpdateContext } from './update/update-context';
import { applyPlan, planUpdate } from './update/update-plan';
import type { PositionalContext } from './update/update-paths';

export type UpdateSpec = Document | Document[];

export interface ApplyOptions {
  arrayFilters?: Document[];
  /** The filter that selected the document, for the positional `$` operator. */
  query?: Document;
  /** True when the update builds an upserted document: `$setOnInsert` applies only then. */
  inserting: boolean;
  collation?: Document;
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

/** Array filters by identifier; each must be used by some `$[id]` path, as mongod requires. */
function arrayFilterTests(arrayFilters: Document[] | undefined, update: Document, collation?: Document): PositionalContext['arrayFilter'] {
  const compile = filterTest(collation);
  const byIdentifier = new Map<string, (element: unknown) => boolean>();
  for (const filter of arrayFilters ?? []) {
    const identifiers = new Set(Object.keys(filter).map((key) => key.split('.')[0]));
    if (identifiers.size !== 1) throw badValue(`Error parsing array filter :: caused by :: Expected a single top-level field name, found ${[...identifiers].map((id) => `'${id}'`).join(' and ')}`);
    const [identifier] = identifiers;
    if (byIdentifier.has(identifier)) throw new MongoCommandError('FailedToParse', `Found multiple array filters with the same top-level field name ${identifier}`);
    const test = compile(filter);
    byIdentifier.set(identifier, (element) => test({ [identifier]: element }));
  }
  const used = JSON.stringify(Object.values(update).flatMap((fields) => (isPlainObject(fields) ? Object.keys(fields) : [])));
  for (const identifier of byIdentifier.keys()) {
    if (!used.includes(`$[${identifier}]`)) {
      throw new MongoCommandError('FailedToParse', `The array filter for identifier '${identifier}' was not used in the update ${JSON.stringify(update)}`);
    }
  }
  return (identifier, path) => {
    const test = byIdentifier.get(identifier);
    if (!test) throw badValue(`No array filter found for identifier '${identifier}' in path '${path}'`);
    return test;
  };
}

/**
 * A new document: the stored one is never touched (operators work on a deep copy). Changing
 * `_id` is refused as in MongoDB (ImmutableField, 66); setting it to its own value is not a change.
 */
export function applyUpdate(doc: Document, update: UpdateSpec, options: ApplyOptions): Document {
  let next: Document;
  if (Array.isArray(update)) {
    next = new Aggregator(update, fullPipelineOptions(options.collation)).run([cloneDocument(doc)])[0] as Document;
  } else if (isReplacement(update)) {
    const { _id: replacementId, ...rest } = update;
    if (replacementId !== undefined && doc._id !== undefined && valueKey(replacementId) !== valueKey(doc._id)) throw immutableId();
    next = { _id: doc._id ?? replacementId, ...cloneDocument(rest) };
    if (next._id === undefined) delete next._id;
  } else {
    next = cloneDocument(doc);
    const plan = planUpdate(update, options.inserting);
    const compile = filterTest(options.collation);
    const now = new Date();
    const ctx: UpdateContext = {
      idText: doc._id === undefined ? '{}' : formatKeyValue(['_id'], [doc._id]).replace(/^\{ /, '{').replace(/ \}$/, '}'),
      now,
      collator: collatorFor(options.collation),
      compile,
      timestamp: newTimestampSource(now),
    };
    const query = options.inserting ? undefined : options.query;
    const positional: PositionalContext = {
      matchedIndex: (arrayPath) => matchedArrayIndex(doc, arrayPath, query, compile),
      arrayFilter: arrayFilterTests(options.arrayFilters, update, options.collation),
    };
    applyPlan(next, plan, positional, ctx);
  }
  if (doc._id !== undefined && valueKey(next._id) !== valueKey(doc._id)) throw immutableId();
  if (!options.inserting && calculateObjectSize(next) > MAX_BSON_OBJECT_SIZE) {
    throw new MongoCommandError('Location17419', `Resulting document after update is larger than ${MAX_BSON_OBJECT_SIZE}`);
  }
  return next;
}

/** Upserted document: equality fields of the filter, then the update, then a generated `_id`. */
export function buildUpsert(query: Document, update: UpdateSpec, arrayFilters?: Document[], collation?: Document): Document {
  const seed: Document = {};
  if (isReplacement(update)) {
    if (query._id !== undefined && !isOperatorObject(query._id)) seed._id = query._id;
  } else {
    seedEqualities(query, seed);
  }
  const doc = applyUpdate(seed, update, { inserting: true, arrayFilters, collation });
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
