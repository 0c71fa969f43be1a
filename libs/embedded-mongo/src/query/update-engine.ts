import { ObjectId, type Document } from 'bson';
import { Aggregator, update as updateWithAllOperators } from 'mingo';
import * as updateOperators from 'mingo/operators/update';
import { update as updateWithUpdateOperators } from 'mingo/updater';
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

/**
 * mingo's root `update` gives each call a copy of every operator mingo has (hundreds) and its
 * updater then merges in the ones updates use: the server's largest cost under write load
 * (profiled). Each update operator of mingo, called with its own prebuilt options, does the
 * same work without that copying. Not for `$currentDate` (those options would keep
 * the first call's clock), nor for the positional `$` (it reads the filter): those take the
 * updater, which builds its options per call. Those options copy set values shallowly, so the
 * documents of one updateMany may share nested values of the update: safe because a stored
 * document is never changed in place (applyUpdate always works on a clone).
 */
type UpdateOperator = (expr: Document, arrayFilters?: Document[]) => (doc: Document) => string[];
const UPDATE_OPERATORS = new Map(Object.entries(updateOperators as unknown as Record<string, UpdateOperator>));
const UPDATER_OPTIONS = { scriptEnabled: false };

function applyOperators(doc: Document, operators: Document, arrayFilters: Document[] | undefined, query: Document | undefined): void {
  const names = Object.keys(operators);
  const unknown = names.find((name) => !UPDATE_OPERATORS.has(name));
  if (unknown) throw new MongoCommandError('FailedToParse', `Unknown modifier: ${unknown}. Expected a valid update modifier or pipeline-style update specified as an array`);
  if (query && usesPositionalOperator(operators)) {
    // The filter may hold any operator (`$expr`): the full set.
    updateWithAllOperators(doc, operators, arrayFilters, query, { cloneMode: 'deep', queryOptions: queryOptions() });
  } else if (names.includes('$currentDate')) {
    updateWithUpdateOperators(doc, operators, arrayFilters, undefined, { cloneMode: 'deep', queryOptions: UPDATER_OPTIONS });
  } else {
    assertNoConflictingPaths(operators);
    for (const name of names) UPDATE_OPERATORS.get(name)!(operators[name] as Document, arrayFilters)(doc);
  }
}

/** `a.$.b`: the positional operator, resolved from the filter (unlike `$[]` and `$[id]`). */
function usesPositionalOperator(operators: Document): boolean {
  return Object.values(operators).some((fields) => isPlainObject(fields) && Object.keys(fields).some((path) => /(^|\.)\$(\.|$)/.test(path)));
}

/** As mongod (and mingo's updater, across operators): no path may be updated twice, nor inside another. */
function assertNoConflictingPaths(operators: Document): void {
  const paths: string[] = [];
  for (const [name, fields] of Object.entries(operators)) {
    if (!isPlainObject(fields)) continue;
    paths.push(...Object.keys(fields).map(fieldBeforeArrayPositions));
    if (name === '$rename') paths.push(...Object.values(fields).filter((target): target is string => typeof target === 'string'));
  }
  for (let i = 0; i < paths.length; i++) {
    for (let j = 0; j < i; j++) {
      const [a, b] = [paths[i], paths[j]];
      if (a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`)) {
        throw new MongoCommandError('ConflictingUpdateOperators', `Updating the path '${a}' would create a conflict at '${b}'`);
      }
    }
  }
}

function fieldBeforeArrayPositions(path: string): string {
  const parts = path.split('.');
  const position = parts.findIndex((part) => part.startsWith('$'));
  return position === -1 ? path : parts.slice(0, position).join('.');
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
        applyOperators(next, operators, options.arrayFilters, options.inserting ? undefined : options.query);
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
