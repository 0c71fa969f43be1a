import type { Document } from 'bson';
import { Aggregator, Context, ProcessingMode, Query } from 'mingo';
import * as queryOperators from 'mingo/operators/query';
import { Query as FilterQuery } from 'mingo/query';
import { badValue, notSupported } from '../errors/mongo-error';
import type { CollectionStore } from '../storage/collection-store';
import type { StorageEngine } from '../storage/storage-engine';
import { cloneDocument, isPlainObject } from '../storage/value-key';
import { extractEqualities, selectCandidates, type Visibility } from './query-planner';

export interface FindOptions {
  visibility?: Visibility;
  sort?: Document;
  skip?: number;
  limit?: number;
  projection?: Document;
  collation?: Document;
}

type MingoOptions = ConstructorParameters<typeof Query>[1];

/** Stages that would write through mingo's own collections instead of our storage. */
const REFUSED_STAGES = new Set(['$out', '$merge', '$changeStream', '$currentOp', '$collStats', '$indexStats', '$search']);

export function queryOptions(collation?: Document): MingoOptions {
  const options: MingoOptions = { scriptEnabled: false };
  if (collation && Object.keys(collation).length > 0) {
    (options as Document).collation = collation;
  }
  return options;
}

/**
 * The operators a filter can use unless it holds `$expr`. mingo copies its context into every
 * Query it builds; the root `Query` carries all of mingo's operators (hundreds), this one the
 * query operators alone.
 */
const FILTER_CONTEXT = Context.init({ query: { ...queryOperators } });

export function compileFilter(filter: Document, collation?: Document): FilterQuery {
  if (holdsKey(filter, '$expr')) return new Query(filter, queryOptions(collation));
  return new FilterQuery(filter, { ...queryOptions(collation), context: FILTER_CONTEXT });
}

function holdsKey(value: unknown, key: string): boolean {
  if (Array.isArray(value)) return value.some((item) => holdsKey(item, key));
  if (!isPlainObject(value)) return false;
  return Object.entries(value).some(([name, nested]) => name === key || holdsKey(nested, key));
}

/** Matching documents in natural (or index) order, before sort/skip/limit, as `visibility` shows them. */
export function matchDocuments(store: CollectionStore | undefined, filter: Document, collation?: Document, visibility?: Visibility): Document[] {
  // Compiled first so a bad filter fails even on a missing collection, as in mongod.
  const query = Object.keys(filter).length === 0 ? undefined : compileFilter(filter, collation);
  if (!store) return [];
  const hasCollation = collation !== undefined && Object.keys(collation).length > 0;
  const candidates = selectCandidates(store, filter, query !== undefined && !hasCollation, visibility?.preImages(store.ns));
  // Candidates, not only matches: one that stopped matching later still mattered to this read.
  visibility?.examined?.(store.ns, candidates, query !== undefined && !hasCollation && extractEqualities(filter).has('_id'));
  return query ? candidates.filter((doc) => query.test(doc)) : candidates;
}

export function findDocuments(store: CollectionStore | undefined, filter: Document, options: FindOptions): Document[] {
  let matched = matchDocuments(store, filter, options.collation, options.visibility);
  let sort = options.sort;
  // `$natural` is storage order: insertion order here, reversed for -1.
  if (sort && '$natural' in sort) {
    if (sort.$natural === -1) matched = matched.reverse();
    const { $natural: _natural, ...rest } = sort;
    sort = rest;
  }
  const hasProjection = options.projection !== undefined && Object.keys(options.projection).length > 0;
  const hasSort = sort !== undefined && Object.keys(sort).length > 0;
  if (sort) assertSortSpec(sort);
  if (!hasProjection && !hasSort) {
    const start = options.skip ?? 0;
    return matched.slice(start, options.limit ? start + options.limit : undefined);
  }
  const cursor = new Query({}, queryOptions(options.collation)).find(
    matched,
    hasProjection ? options.projection : undefined,
  );
  if (hasSort) cursor.sort(sort as Record<string, 1 | -1>);
  if (options.skip) cursor.skip(options.skip);
  if (options.limit) cursor.limit(options.limit);
  return cursor.all() as Document[];
}

function assertSortSpec(sort: Document): void {
  for (const [field, direction] of Object.entries(sort)) {
    if (direction !== 1 && direction !== -1) {
      throw badValue(`$sort key ordering must be 1 (for ascending) or -1 (for descending); got ${JSON.stringify(direction)} for '${field}'`);
    }
  }
}

/**
 * Runs a pipeline in mingo. Inputs are cloned because stages such as `$set` write into nested
 * objects of their input; `$lookup`-style stages read sibling collections of the same database.
 */
export function runPipeline(engine: StorageEngine, db: string, input: Document[], pipeline: Document[], collation?: Document, visibility?: Visibility): Document[] {
  for (const stage of pipeline) {
    const name = Object.keys(stage)[0];
    if (REFUSED_STAGES.has(name)) throw notSupported(`aggregation stage ${name}`);
  }
  const options = {
    ...queryOptions(collation),
    processingMode: ProcessingMode.CLONE_INPUT,
    collectionResolver: (name: string) => {
      const store = engine.collection(db, name);
      return store ? matchDocuments(store, {}, undefined, visibility).map(cloneDocument) : [];
    },
  };
  return new Aggregator(pipeline, options).run(input) as Document[];
}

/** When a pipeline starts with `$match`, its filter can use the indexes to narrow the input. */
export function pipelineInput(store: CollectionStore | undefined, pipeline: Document[], collation?: Document, visibility?: Visibility): Document[] {
  if (!store) return [];
  const first = pipeline[0];
  return matchDocuments(store, first && isPlainObject(first.$match) ? first.$match : {}, collation, visibility);
}
