import type { Document } from 'bson';
import { notSupported } from '../errors/mongo-error';
import { compileFilter } from '../query/query-engine';
import { ID_INDEX_SPEC } from '../storage/collection-store';
import { MAX_BSON_OBJECT_SIZE } from '../wire/wire-protocol';
import { collectionName, optionalDocument } from './command-args';
import type { CommandContext, CommandTable } from './command-context';
import { serverStatus } from './server-status.command';
import { SERVER_VERSION } from './server-version';

/** Collection options whose semantics we do not implement: refusing beats ignoring them. */
const UNSUPPORTED_CREATE_OPTIONS = ['capped', 'validator', 'timeseries', 'viewOn', 'collation', 'clusteredIndex', 'encryptedFields', 'changeStreamPreAndPostImages'];

const PARAMETERS: Document = {
  featureCompatibilityVersion: { version: '7.0' },
  transactionLifetimeLimitSeconds: 60,
  maxBSONDepth: 100,
};


function buildInfo(): Document {
  return {
    version: SERVER_VERSION,
    gitVersion: 'embedded',
    versionArray: [7, 0, 0, 0],
    bits: 64,
    debug: false,
    maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
    storageEngines: ['embedded'],
    javascriptEngine: 'none',
    modules: [],
    ok: 1,
  };
}

function getParameter(command: Document): Document {
  if (command.getParameter === '*') return { ...PARAMETERS, ok: 1 };
  const reply: Document = {};
  for (const key of Object.keys(command)) if (key in PARAMETERS) reply[key] = PARAMETERS[key];
  return { ...reply, ok: 1 };
}

function create(command: Document, ctx: CommandContext): Document {
  const name = collectionName(command, 'create');
  for (const option of UNSUPPORTED_CREATE_OPTIONS) {
    if (command[option] !== undefined && command[option] !== false) throw notSupported(`collection option '${option}'`);
  }
  ctx.engine.createCollection(ctx.db, name, {});
  return { ok: 1 };
}

function drop(command: Document, ctx: CommandContext): Document {
  const name = collectionName(command, 'drop');
  const dropped = ctx.engine.dropCollection(ctx.db, name);
  // MongoDB 7 answers ok for a missing collection.
  return dropped ? { nIndexesWas: dropped.indexes.size + 1, ns: dropped.ns, ok: 1 } : { ok: 1 };
}

function dropDatabase(_command: Document, ctx: CommandContext): Document {
  for (const store of ctx.engine.collections(ctx.db)) ctx.engine.dropCollection(ctx.db, store.ns.slice(ctx.db.length + 1));
  return { dropped: ctx.db, ok: 1 };
}

function listCollections(command: Document, ctx: CommandContext): Document {
  const filter = optionalDocument(command, 'filter') ?? {};
  const nameOnly = command.nameOnly === true;
  const infos = ctx.engine.collections(ctx.db).map((store) => {
    const name = store.ns.slice(ctx.db.length + 1);
    if (nameOnly) return { name, type: 'collection' };
    return {
      name,
      type: 'collection',
      options: store.options,
      info: { readOnly: false, uuid: store.uuid },
      idIndex: ID_INDEX_SPEC,
    };
  });
  const query = compileFilter(filter);
  const matched = infos.filter((info) => query.test(info));
  const batchSize = optionalDocument(command, 'cursor')?.batchSize as number | undefined;
  return { cursor: ctx.cursors.open(`${ctx.db}.$cmd.listCollections`, matched, batchSize), ok: 1 };
}

function listDatabases(command: Document, ctx: CommandContext): Document {
  const filter = optionalDocument(command, 'filter') ?? {};
  const query = compileFilter(filter);
  const databases = ctx.engine
    .databaseNames()
    .map((name) => {
      const docs = ctx.engine.collections(name).reduce((sum, store) => sum + store.docs.size, 0);
      return command.nameOnly === true ? { name } : { name, sizeOnDisk: docs * 100, empty: docs === 0 };
    })
    .filter((info) => query.test(info));
  const totalSize = databases.reduce((sum, info) => sum + ((info as Document).sizeOnDisk ?? 0), 0);
  return command.nameOnly === true ? { databases, ok: 1 } : { databases, totalSize, totalSizeMb: Math.round(totalSize / 1048576), ok: 1 };
}

export const ADMIN_COMMANDS: CommandTable = {
  ping: { data: false, run: () => ({ ok: 1 }) },
  buildInfo: { data: false, run: buildInfo },
  buildinfo: { data: false, run: buildInfo },
  getParameter: { data: false, run: getParameter },
  connectionStatus: {
    data: false,
    run: () => ({ authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] }, ok: 1 }),
  },
  serverStatus: { data: false, run: (command, ctx) => serverStatus(command, ctx) },
  create: { data: true, ddl: true, run: create },
  drop: { data: true, ddl: true, run: drop, refusedInTransaction: true },
  dropDatabase: { data: true, ddl: true, run: dropDatabase, refusedInTransaction: true },
  listCollections: { data: true, run: listCollections },
  listDatabases: { data: true, run: listDatabases },
};
