import type { Document } from 'bson';
import { badValue, MongoCommandError, toCommandError } from '../errors/mongo-error';
import { findDocuments, matchDocuments } from '../query/query-engine';
import { applyUpdate, buildUpsert, isReplacement, validateUpdate } from '../query/update-engine';
import type { CollectionStore } from '../storage/collection-store';
import { isPlainObject, valueKey } from '../storage/value-key';
import { collectionName, documentArray, isTrue, optionalDocument } from './command-args';
import type { CommandContext, CommandTable } from './command-context';

/**
 * Runs each statement of a batch write; a failing statement becomes a `writeErrors[]` entry and,
 * when the batch is ordered (the default), stops the batch, as mongod does.
 */
function runBatch(ctx: CommandContext, statements: Document[], ordered: boolean, run: (statement: Document, index: number) => void): Document[] {
  const writeErrors: Document[] = [];
  for (let i = 0; i < statements.length; i++) {
    try {
      run(statements[i], i);
    } catch (error) {
      // A conflict with an open transaction is the whole command's: it waits or retries, it is no write error.
      const conflict = ctx.transactions.conflictOf(error, ctx.session, ctx.txnNumber !== undefined);
      if (conflict) throw conflict;
      writeErrors.push(toCommandError(error).toWriteError(i));
      if (ordered) break;
    }
  }
  return writeErrors;
}

function withErrors(reply: Document, writeErrors: Document[]): Document {
  return writeErrors.length > 0 ? { ...reply, writeErrors } : reply;
}

function insert(command: Document, ctx: CommandContext): Document {
  const name = collectionName(command, 'insert');
  const docs = documentArray(command, 'documents');
  const store = ctx.engine.ensureCollection(ctx.db, name);
  let n = 0;
  const writeErrors = runBatch(ctx, docs, command.ordered !== false, (doc) => {
    if (!isPlainObject(doc)) throw badValue('document to insert must be an object');
    store.insert(doc);
    n++;
  });
  return withErrors({ n, ok: 1 }, writeErrors);
}

function update(command: Document, ctx: CommandContext): Document {
  const name = collectionName(command, 'update');
  let n = 0;
  let nModified = 0;
  const upserted: Document[] = [];
  const writeErrors = runBatch(ctx, documentArray(command, 'updates'), command.ordered !== false, (statement, index) => {
    const query = optionalDocument(statement, 'q') ?? {};
    const spec = validateUpdate(statement.u);
    const multi = isTrue(statement.multi);
    if (multi && isReplacement(spec)) {
      throw new MongoCommandError('FailedToParse', 'multi update is not supported for replacement-style update');
    }
    const arrayFilters = Array.isArray(statement.arrayFilters) ? (statement.arrayFilters as Document[]) : undefined;
    const store = ctx.engine.collection(ctx.db, name);
    const sort = optionalDocument(statement, 'sort');
    const collation = optionalDocument(statement, 'collation');
    const matched = multi ? matchDocuments(store, query, collation, ctx.visibility) : findDocuments(store, query, { sort, collation, limit: 1, visibility: ctx.visibility });
    if (matched.length === 0 && isTrue(statement.upsert)) {
      const doc = buildUpsert(query, spec, arrayFilters, collation);
      ctx.engine.ensureCollection(ctx.db, name).insert(doc);
      n++;
      upserted.push({ index, _id: doc._id });
      return;
    }
    for (const doc of matched) {
      ctx.guard(store!.ns, doc);
      const next = applyUpdate(doc, spec, { arrayFilters, query, inserting: false, collation });
      n++;
      if (replaceIfChanged(store!, doc, next)) nModified++;
    }
  });
  const reply: Document = { n, nModified, ok: 1 };
  if (upserted.length > 0) reply.upserted = upserted;
  return withErrors(reply, writeErrors);
}

/** MongoDB counts a document as modified only when its content actually changed. */
export function replaceIfChanged(store: CollectionStore, doc: Document, next: Document): boolean {
  if (valueKey(next) === valueKey(doc)) return false;
  store.replace(valueKey(doc._id), next);
  return true;
}

function remove(command: Document, ctx: CommandContext): Document {
  const name = collectionName(command, 'delete');
  let n = 0;
  const writeErrors = runBatch(ctx, documentArray(command, 'deletes'), command.ordered !== false, (statement) => {
    const query = optionalDocument(statement, 'q') ?? {};
    const limit = Number(statement.limit ?? 0);
    if (limit !== 0 && limit !== 1) throw badValue('The limit field in delete objects must be 0 or 1');
    const store = ctx.engine.collection(ctx.db, name);
    if (!store) return;
    const collation = optionalDocument(statement, 'collation');
    const matched = limit === 1 ? findDocuments(store, query, { collation, limit: 1, visibility: ctx.visibility }) : matchDocuments(store, query, collation, ctx.visibility);
    for (const doc of matched) {
      ctx.guard(store.ns, doc);
      store.delete(valueKey(doc._id));
      n++;
    }
  });
  return withErrors({ n, ok: 1 }, writeErrors);
}

export const WRITE_COMMANDS: CommandTable = {
  insert: { data: true, run: insert },
  update: { data: true, run: update },
  delete: { data: true, run: remove },
};
