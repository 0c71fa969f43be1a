import type { Document } from 'bson';
import { badValue, notSupported } from '../errors/mongo-error';
import { findDocuments, matchDocuments, pipelineInput, runPipeline } from '../query/query-engine';
import { valueKey, valuesAtPath } from '../storage/value-key';
import { collectionName, documentArray, isTrue, optionalDocument, optionalNumber } from './command-args';
import type { CommandContext, CommandTable } from './command-context';

const UNSUPPORTED_FIND_OPTIONS = ['tailable', 'awaitData', 'min', 'max', 'returnKey', 'showRecordId', 'oplogReplay'];

function find(command: Document, ctx: CommandContext): Document {
  const name = collectionName(command, 'find');
  for (const option of UNSUPPORTED_FIND_OPTIONS) {
    const value: unknown = command[option];
    if (value !== undefined && value !== null && value !== false && value !== 0) throw notSupported(`find option '${option}'`);
  }
  let limit = optionalNumber(command, 'limit') ?? 0;
  let singleBatch = command.singleBatch === true;
  // Legacy negative limit: return that many documents in one batch and close the cursor.
  if (limit < 0) {
    limit = -limit;
    singleBatch = true;
  }
  const skip = optionalNumber(command, 'skip') ?? 0;
  if (skip < 0) throw badValue('skip value must be non-negative');
  const docs = findDocuments(ctx.engine.collection(ctx.db, name), optionalDocument(command, 'filter') ?? {}, {
    visibility: ctx.visibility,
    sort: optionalDocument(command, 'sort'),
    projection: optionalDocument(command, 'projection'),
    collation: optionalDocument(command, 'collation'),
    skip,
    limit,
  });
  const batchSize = optionalNumber(command, 'batchSize');
  return { cursor: ctx.cursors.open(`${ctx.db}.${name}`, docs, batchSize, singleBatch, ctx.session), ok: 1 };
}

function getMore(command: Document, ctx: CommandContext): Document {
  const id = Number(command.getMore);
  const name = collectionName(command, 'collection');
  return { cursor: ctx.cursors.getMore(id, `${ctx.db}.${name}`, optionalNumber(command, 'batchSize')), ok: 1 };
}

function killCursors(command: Document, ctx: CommandContext): Document {
  const ids = (Array.isArray(command.cursors) ? command.cursors : []).map((id) => Number(id));
  return { ...ctx.cursors.kill(ids), ok: 1 };
}

function aggregate(command: Document, ctx: CommandContext): Document {
  if (typeof command.aggregate !== 'string') throw notSupported('database-level aggregation (aggregate: 1)');
  if (isTrue(command.explain)) throw notSupported('explain');
  const name = collectionName(command, 'aggregate');
  const pipeline = documentArray(command, 'pipeline');
  const collation = optionalDocument(command, 'collation');
  const input = pipelineInput(ctx.engine.collection(ctx.db, name), pipeline, collation, ctx.visibility);
  const docs = runPipeline(ctx.engine, ctx.db, input, pipeline, collation, ctx.visibility);
  const batchSize = optionalDocument(command, 'cursor')?.batchSize as number | undefined;
  return { cursor: ctx.cursors.open(`${ctx.db}.${name}`, docs, batchSize, false, ctx.session), ok: 1 };
}

function count(command: Document, ctx: CommandContext): Document {
  const name = collectionName(command, 'count');
  const matched = matchDocuments(
    ctx.engine.collection(ctx.db, name),
    optionalDocument(command, 'query') ?? {},
    optionalDocument(command, 'collation'),
    ctx.visibility,
  );
  const skip = Math.max(0, optionalNumber(command, 'skip') ?? 0);
  const limit = Math.abs(optionalNumber(command, 'limit') ?? 0);
  const n = Math.max(0, matched.length - skip);
  return { n: limit > 0 ? Math.min(n, limit) : n, ok: 1 };
}

function distinct(command: Document, ctx: CommandContext): Document {
  const name = collectionName(command, 'distinct');
  if (typeof command.key !== 'string') throw badValue(`'key' must be a string`);
  const key = command.key;
  const matched = matchDocuments(
    ctx.engine.collection(ctx.db, name),
    optionalDocument(command, 'query') ?? {},
    optionalDocument(command, 'collation'),
    ctx.visibility,
  );
  const values = new Map<string, unknown>();
  for (const doc of matched) {
    for (const value of valuesAtPath(doc, key)) {
      if (value === undefined) continue;
      const id = valueKey(value);
      if (!values.has(id)) values.set(id, value);
    }
  }
  return { values: [...values.values()], ok: 1 };
}

export const READ_COMMANDS: CommandTable = {
  find: { data: true, readOnly: true, run: find },
  getMore: { data: true, readOnly: true, run: getMore },
  killCursors: { data: false, run: killCursors },
  aggregate: { data: true, readOnly: true, run: aggregate },
  count: { data: true, readOnly: true, run: count },
  distinct: { data: true, readOnly: true, run: distinct },
};
