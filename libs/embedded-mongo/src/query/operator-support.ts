import type { Document } from 'bson';
import * as pipelineOperators from 'mingo/operators/pipeline';
import * as queryOperators from 'mingo/operators/query';
import { badValue, MongoCommandError, notSupported } from '../errors/mongo-error';
import { isPlainObject } from '../storage/value-key';

/**
 * The server-wide rule: an operator MongoDB has but this server does not implement faithfully
 * is refused with NotImplemented (115) naming it; one MongoDB does not have either gets
 * MongoDB's own error. Never an approximate answer.
 */
const MONGODB_QUERY_OPERATORS = new Set([
  '$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$nin', '$and', '$or', '$nor', '$not', '$exists', '$type', '$expr',
  '$jsonSchema', '$mod', '$regex', '$options', '$text', '$where', '$geoIntersects', '$geoWithin', '$near', '$nearSphere',
  '$box', '$center', '$centerSphere', '$geometry', '$maxDistance', '$minDistance', '$polygon', '$all', '$elemMatch', '$size',
  '$bitsAllClear', '$bitsAllSet', '$bitsAnyClear', '$bitsAnySet', '$comment', '$sampleRate', '$alwaysTrue', '$alwaysFalse',
]);

/** mingo has these but answers them differently from MongoDB, or needs what we turn off. */
const REFUSED_QUERY_OPERATORS = new Set(['$where', '$jsonSchema']);

const SUPPORTED_QUERY_OPERATORS = new Set([...Object.keys(queryOperators), '$options'].filter((name) => !REFUSED_QUERY_OPERATORS.has(name)));

/** Operands that are values or aggregation expressions, not query operators: not scanned. */
const LITERAL_OPERANDS = new Set(['$eq', '$ne', '$in', '$nin', '$expr', '$gt', '$gte', '$lt', '$lte', '$type', '$mod', '$size', '$regex', '$options', '$exists']);

export function assertSupportedFilter(filter: Document, depth = 0): void {
  if (depth > 100) return;
  for (const [key, operand] of Object.entries(filter)) {
    if (key.startsWith('$')) checkQueryOperator(key, depth === 0 ? 'top level ' : '');
    if (LITERAL_OPERANDS.has(key)) continue;
    if (Array.isArray(operand)) {
      for (const clause of operand) if (isPlainObject(clause)) assertSupportedFilter(clause, depth + 1);
    } else if (isPlainObject(operand) && Object.keys(operand).some((name) => name.startsWith('$'))) {
      assertSupportedFilter(operand, depth + 1);
    } else if (isPlainObject(operand) && key === '$elemMatch') {
      assertSupportedFilter(operand, depth + 1);
    }
  }
}

function checkQueryOperator(name: string, position: string): void {
  if (!MONGODB_QUERY_OPERATORS.has(name)) throw badValue(`unknown ${position}operator: ${name}`);
  if (!SUPPORTED_QUERY_OPERATORS.has(name) && name !== '$comment') throw notSupported(`query operator ${name}`);
}

/** Stages that would write through mingo's own collections, or need what the server has not. */
const REFUSED_STAGES = new Set(['$out', '$merge', '$changeStream', '$currentOp', '$collStats', '$indexStats', '$search', '$documents']);
const MONGODB_STAGES = new Set([
  ...Object.keys(pipelineOperators), '$changeStream', '$changeStreamSplitLargeEvent', '$collStats', '$currentOp', '$geoNear',
  '$indexStats', '$listLocalSessions', '$listSampledQueries', '$listSearchIndexes', '$listSessions', '$planCacheStats',
  '$search', '$searchMeta', '$shardedDataDistribution', '$vectorSearch',
]);

export function assertSupportedPipeline(pipeline: unknown[]): void {
  for (const stage of pipeline) {
    if (!isPlainObject(stage) || Object.keys(stage).length !== 1) {
      throw new MongoCommandError('Location40323', 'A pipeline stage specification object must contain exactly one field.');
    }
    const name = Object.keys(stage)[0];
    if (!MONGODB_STAGES.has(name)) throw new MongoCommandError('Location40324', `Unrecognized pipeline stage name: '${name}'`);
    if (REFUSED_STAGES.has(name) || !(name in pipelineOperators)) throw notSupported(`aggregation stage ${name}`);
    if (name === '$match' && isPlainObject(stage.$match)) assertSupportedFilter(stage.$match);
  }
}
