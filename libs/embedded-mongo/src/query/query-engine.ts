import type { Document } from 'bson';
import { Context, ProcessingMode } from 'mingo';
import { Aggregator } from 'mingo/aggregator';
import { Lazy } from 'mingo/lazy';
import * as accumulatorOperators from 'mingo/operators/accumulator';
import * as expressionOperators from 'mingo/operators/expression';
import * as pipelineOperators from 'mingo/operators/pipeline';
import * as projectionOperators from 'mingo/operators/projection';
import * as queryOperators from 'mingo/operators/query';
import * as windowOperators from 'mingo/operators/window';
import { Query as FilterQuery } from 'mingo/query';
import type { CollectionStore } from '../storage/collection-store';
import type { StorageEngine } from '../storage/storage-engine';
import { cloneDocument, isPlainObject } from '../storage/value-key';
import { collatorFor } from './collation';
import { COMPARISON_OPERATORS } from './comparison-operators';
import { assertSupportedFilter, assertSupportedPipeline } from './operator-support';
import type { FilterTest } from './positional-match';
import { compileProjection } from './projection';
import { extractEqualities, selectCandidates, type Visibility } from './query-planner';
import { assertSortSpec, sortDocuments } from './sort-order';

export interface FindOptions {
  visibility?: Visibility;
  sort?: Document;
  skip?: number;
  limit?: number;
  projection?: Document;
  collation?: Document;
}

type MingoOptions = ConstructorParameters<typeof FilterQuery>[1];

/** `$sort` stages sort in MongoDB's order too (mingo's orders BinData and ObjectId by class name). */
const PIPELINE_SORT = {
  $sort: (collection: { transform(f: (docs: Document[]) => unknown): unknown }, sort: Document, options: { collation?: Document }) =>
    collection.transform((docs) => Lazy(sortDocuments(docs, sort, collatorFor(options.collation)))),
};

const QUERY_OPERATORS = { ...queryOperators, ...COMPARISON_OPERATORS } as unknown as typeof queryOperators;

/**
 * mingo copies its operator context into every Query it builds, so filters get the query
 * operators alone; filters with `$expr` and pipelines get everything. Both use this server's
 * comparison operators and `$sort` in place of mingo's.
 */
const FILTER_CONTEXT = Context.init({ query: QUERY_OPERATORS });
const FULL_CONTEXT = Context.init({
  accumulator: accumulatorOperators,
  expression: expressionOperators,
  pipeline: { ...pipelineOperators, ...PIPELINE_SORT } as unknown as typeof pipelineOperators,
  projection: projectionOperators,
  query: QUERY_OPERATORS,
  window: windowOperators,
});

export function queryOptions(collation?: Document, context = FILTER_CONTEXT): MingoOptions {
  collatorFor(collation); // validates it: refused or invalid collations fail before any matching
  const options: MingoOptions = { scriptEnabled: false, context };
  if (collation && Object.keys(collation).length > 0) (options as Document).collation = collation;
  return options;
}

export function compileFilter(filter: Document, collation?: Document): FilterQuery {
  assertSupportedFilter(filter);
  const { $comment: _comment, ...conditions } = filter;
  return new FilterQuery(conditions, queryOptions(collation, holdsKey(conditions, '$expr') ? FULL_CONTEXT : FILTER_CONTEXT));
}

/** Compiles sub-filters ($elemMatch projections, $pull conditions, positional matches) with one collation. */
export function filterTest(collation?: Document): FilterTest {
  return (filter) => {
    const query = compileFilter(filter, collation);
    return (doc) => query.test(doc);
  };
}

function holdsKey(value: unknown, key: string): boolean {
  if (Array.isArray(value)) return value.some((item) => holdsKey(item, key));
  if (!isPlainObject(value)) return false;
  return Object.entries(value).some(([name, nested]) => name === key || holdsKey(nested, key));
}

/**
 * Documents this process's queries examined (an index lookup fetches what it finds, a collection
 * scan every document): serverStatus `metrics.queryExecutor.scannedObjects`, as mongod counts it.
 */
export const queryExecutorMetrics = { scannedObjects: 0 };

/** Matching documents in natural (or index) order, before sort/skip/limit, as `visibility` shows them. */
export function matchDocuments(store: CollectionStore | undefined, filter: Document, collation?: Document, visibility?: Visibility): Document[] {
  // Compiled first so a bad filter fails even on a missing collection, as in mongod.
  const query = Object.keys(filter).length === 0 ? (collatorFor(collation), undefined) : compileFilter(filter, collation);
  if (!store) return [];
  const hasCollation = collatorFor(collation) !== undefined;
  const candidates = selectCandidates(store, filter, query !== undefined && !hasCollation, visibility?.preImages(store.ns));
  queryExecutorMetrics.scannedObjects += candidates.length;
  // Candidates, not only matches: one that stopped matching later still mattered to this read.
  visibility?.examined?.(store.ns, candidates, query !== undefined && !hasCollation ? extractEqualities(filter).get('_id') : undefined);
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
  const project = options.projection && Object.keys(options.projection).length > 0 ? compileProjection(options.projection, filter, filterTest(options.collation)) : undefined;
  if (sort) assertSortSpec(sort);
  if (sort && Object.keys(sort).length > 0) matched = sortDocuments(matched, sort, collatorFor(options.collation));
  const start = options.skip ?? 0;
  const page = matched.slice(start, options.limit ? start + options.limit : undefined);
  return project ? page.map(project) : page;
}

export function projectDocument(doc: Document, projection: Document | undefined, filter?: Document, collation?: Document): Document {
  if (!projection || Object.keys(projection).length === 0) return doc;
  return compileProjection(projection, filter, filterTest(collation))(doc);
}

/** Options for mingo pipelines (aggregate, pipeline-style updates): every operator, ours for comparisons. */
export function fullPipelineOptions(collation?: Document): MingoOptions {
  return queryOptions(collation, FULL_CONTEXT);
}

/**
 * Runs a pipeline in mingo. Inputs are cloned because stages such as `$set` write into nested
 * objects of their input; `$lookup`-style stages read sibling collections of the same database.
 */
export function runPipeline(engine: StorageEngine, db: string, input: Document[], pipeline: Document[], collation?: Document, visibility?: Visibility): Document[] {
  assertSupportedPipeline(pipeline);
  const options = {
    ...queryOptions(collation, FULL_CONTEXT),
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
