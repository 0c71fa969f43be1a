import type { Document } from 'bson';
import { MongoCommandError, toCommandError } from '../errors/mongo-error';
import { assertSupportedValues } from '../query/unsupported-guard';
import type { StorageChange } from '../storage/storage-change';
import { ADMIN_COMMANDS } from './admin.commands';
import type { CommandContext, CommandDefinition, CommandTable, ServerServices } from './command-context';
import { FIND_AND_MODIFY_COMMANDS } from './find-and-modify.command';
import { helloReply } from './hello.command';
import { INDEX_COMMANDS } from './index.commands';
import { READ_COMMANDS } from './read.commands';
import { sessionKey } from './session-key';
import { TRANSACTION_COMMANDS } from './transaction.commands';
import { WRITE_COMMANDS } from './write.commands';

/** Stages that read or write collections other than the one the pipeline runs on. */
const OTHER_COLLECTION_STAGES = ['$lookup', '$unionWith', '$graphLookup', '$out', '$merge'];

/** The one collection a command reads or writes; undefined when it may reach more (or a whole database). */
export function collectionReachedBy(name: string, command: Document): string | undefined {
  const target = name === 'getMore' ? command.collection : command[name];
  if (typeof target !== 'string') return undefined;
  if (name === 'aggregate' && Array.isArray(command.pipeline)) {
    const reachesOthers = command.pipeline.some((stage: unknown) => typeof stage === 'object' && stage !== null && Object.keys(stage).some((key) => OTHER_COLLECTION_STAGES.includes(key)));
    if (reachesOthers) return undefined;
  }
  return target;
}

const hello: CommandDefinition = { data: false, run: (command, ctx) => helloReply(ctx.identity, ctx.connectionId, command) };

const COMMANDS: CommandTable = {
  hello,
  ismaster: hello,
  isMaster: hello,
  ...ADMIN_COMMANDS,
  ...INDEX_COMMANDS,
  ...READ_COMMANDS,
  ...WRITE_COMMANDS,
  ...FIND_AND_MODIFY_COMMANDS,
  ...TRANSACTION_COMMANDS,
};

/**
 * Finds the handler, applies transaction rules, and routes the command's storage changes to the
 * persistence log (before the reply is sent) or to the open transaction. Never throws: any
 * failure becomes an `ok: 0` reply.
 */
export class CommandDispatcher {
  constructor(
    private readonly services: ServerServices,
    private readonly persist: (changes: StorageChange[]) => void,
  ) {}

  async dispatch(db: string, command: Document, connectionId: number): Promise<Document> {
    const name = Object.keys(command)[0] ?? '';
    const definition = Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!definition) {
      return new MongoCommandError('CommandNotFound', `no such command: '${name}'`).toReply();
    }
    const session = sessionKey(command.lsid);
    const txnNumber = command.autocommit === false && typeof command.txnNumber === 'number' ? command.txnNumber : undefined;
    const ctx: CommandContext = { ...this.services, db, connectionId, session, txnNumber };
    try {
      if (!definition.data) return definition.run(command, ctx);
      const readView = definition.readOnly && txnNumber === undefined ? this.services.transactions.committedView(db, session) : undefined;
      // A plain read beside another session's transaction answers from the pre-transaction state
      // (as mongod would) instead of queueing, so a read that forgot its session cannot deadlock.
      if (readView) return this.runData(definition, command, { ...ctx, readView });
      const startsTransaction = txnNumber !== undefined && command.startTransaction === true;
      const collection = txnNumber === undefined ? collectionReachedBy(name, command) : undefined;
      return await this.services.transactions.schedule(db, session, () => this.runData(definition, command, ctx), { startsTransaction, connectionId, collection });
    } catch (error) {
      return toCommandError(error).toReply();
    }
  }

  connectionClosed(connectionId: number): void {
    this.services.transactions.connectionClosed(connectionId);
  }

  /** Background work (TTL deletes, compaction) that must not interleave with a transaction. */
  runSystemTask(task: () => void): Promise<void> {
    return this.services.transactions.schedule(undefined, undefined, () => {
      const { changes, error } = this.capture(task);
      this.persist(changes);
      if (error !== undefined) throw error;
    });
  }

  private runData(definition: CommandDefinition, command: Document, ctx: CommandContext): Document {
    const { transactions } = this.services;
    const txn = ctx.session !== undefined && ctx.txnNumber !== undefined ? { session: ctx.session, txnNumber: ctx.txnNumber } : undefined;
    if (txn) {
      if (command.startTransaction === true) transactions.begin(ctx.db, txn.session, txn.txnNumber);
      else transactions.require(ctx.db, txn.session, txn.txnNumber);
      transactions.touch(txn.session, ctx.connectionId);
      transactions.touchCollection(txn.session, collectionReachedBy(Object.keys(command)[0] ?? '', command));
      if (definition.refusedInTransaction) {
        transactions.abortAfterError(txn.session, txn.txnNumber);
        throw new MongoCommandError('OperationNotSupportedInTransaction', `Cannot run '${Object.keys(command)[0]}' in a multi-document transaction.`);
      }
    }
    let reply: Document = { ok: 1 };
    const { changes, error } = this.capture(() => {
      assertSupportedValues(command);
      reply = definition.run(command, ctx);
    });
    // Changes made before a failure are applied, so they are logged (or kept for undo) anyway.
    if (txn) {
      transactions.record(ctx.db, changes);
      const failed = error !== undefined || (Array.isArray(reply.writeErrors) && reply.writeErrors.length > 0);
      if (failed) transactions.abortAfterError(txn.session, txn.txnNumber);
    } else {
      this.persist(changes);
    }
    if (error !== undefined) throw error;
    return reply;
  }

  private capture(task: () => void): { changes: StorageChange[]; error: unknown } {
    const changes: StorageChange[] = [];
    const { engine } = this.services;
    engine.setSink((change) => changes.push(change));
    try {
      task();
      return { changes, error: undefined };
    } catch (error) {
      return { changes, error: error ?? new Error('command failed') };
    } finally {
      engine.setSink(() => undefined);
    }
  }
}
