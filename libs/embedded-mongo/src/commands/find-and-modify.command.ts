import type { Document } from 'bson';
import { MongoCommandError } from '../errors/mongo-error';
import { findDocuments, projectDocument } from '../query/query-engine';
import { applyUpdate, buildUpsert, validateUpdate } from '../query/update-engine';
import { valueKey } from '../storage/value-key';
import { collectionName, isTrue, optionalDocument } from './command-args';
import type { CommandContext, CommandTable } from './command-context';
import { replaceIfChanged } from './write.commands';

function project(doc: Document | null, fields: Document | undefined, query: Document, collation: Document | undefined): Document | null {
  return doc ? projectDocument(doc, fields, query, collation) : null;
}

/** Errors here (E11000 included) are command errors, not writeErrors, as in mongod. */
function findAndModify(command: Document, ctx: CommandContext): Document {
  const name = collectionName(command, command.findAndModify !== undefined ? 'findAndModify' : 'findandmodify');
  const query = optionalDocument(command, 'query') ?? {};
  const fields = optionalDocument(command, 'fields');
  const remove = isTrue(command.remove);
  if (remove && command.update !== undefined) {
    throw new MongoCommandError('FailedToParse', 'Cannot specify both an update and remove=true');
  }
  if (!remove && command.update === undefined) {
    throw new MongoCommandError('FailedToParse', 'Either an update or remove=true must be specified');
  }
  const store = ctx.engine.collection(ctx.db, name);
  const collation = optionalDocument(command, 'collation');
  const [found] = findDocuments(store, query, {
    sort: optionalDocument(command, 'sort'),
    collation,
    limit: 1,
    visibility: ctx.visibility,
  });
  if (found) ctx.guard(store!.ns, found);
  if (remove) {
    if (found) store!.delete(valueKey(found._id));
    return { lastErrorObject: { n: found ? 1 : 0 }, value: project(found ?? null, fields, query, collation), ok: 1 };
  }
  const spec = validateUpdate(command.update);
  const arrayFilters = Array.isArray(command.arrayFilters) ? (command.arrayFilters as Document[]) : undefined;
  const returnNew = isTrue(command.new);
  if (found) {
    const next = applyUpdate(found, spec, { arrayFilters, query, inserting: false, collation });
    replaceIfChanged(store!, found, next);
    return {
      lastErrorObject: { n: 1, updatedExisting: true },
      value: project(returnNew ? next : found, fields, query, collation),
      ok: 1,
    };
  }
  if (isTrue(command.upsert)) {
    const doc = buildUpsert(query, spec, arrayFilters, collation);
    ctx.engine.ensureCollection(ctx.db, name).insert(doc);
    return {
      lastErrorObject: { n: 1, updatedExisting: false, upserted: doc._id },
      value: project(returnNew ? doc : null, fields, query, collation),
      ok: 1,
    };
  }
  return { lastErrorObject: { n: 0, updatedExisting: false }, value: null, ok: 1 };
}

export const FIND_AND_MODIFY_COMMANDS: CommandTable = {
  findAndModify: { data: true, run: findAndModify },
  findandmodify: { data: true, run: findAndModify },
};
