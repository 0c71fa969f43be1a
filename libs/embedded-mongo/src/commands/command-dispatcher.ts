import type { Document } from 'bson';
import { MongoCommandError, toCommandError } from '../errors/mongo-error';
import { assertSupportedValues } from '../query/unsupported-guard';
import type { StorageChange } from '../storage/storage-change';
import { valueKey } from '../storage/value-key';
import { WriteBlocked, writeConflict } from '../transactions/transaction-errors';
import { ADMIN_COMMANDS } from './admin.commands';
import type { CommandContext, CommandDefinition, CommandTable, ServerServices } from './command-context';
import { FIND_AND_MODIFY_COMMANDS } from './find-and-modify.command';
import { helloReply } from './hello.command';
import { INDEX_COMMANDS } from './index.commands';
import { READ_COMMANDS } from './read.commands';
import { sessionKey } from './session-key';
import { TRANSACTION_COMMANDS } from './transaction.commands';
import { WRITE_COMMANDS } from './write.commands';

/** How long a transaction's command waits for an older one holding its document before giving up. */
const HOLDER_WAIT_LIMIT_MS = 1000;

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
 * Finds the handler, applies the transaction rules, and routes the command's storage changes to
 * the persistence log (before the reply is sent) or to its open transaction. Never throws: any
 * failure becomes an `ok: 0` reply.
 */
export class CommandDispatcher {
  constructor(
    private readonly services: ServerServices,
    private readonly persist: (changes: StorageChange[]) => void,
  ) {}

  async dispatch(db: string, command: Document, connectionId: number): Promise<Document> {
    const name = Object.keys(command)[0] ?? '';
    this.services.stats.countCommand(name, command);
    const definition = Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!definition) {
      return new MongoCommandError('CommandNotFound', `no such command: '${name}'`).toReply();
    }
    const { transactions } = this.services;
    const session = sessionKey(command.lsid);
    const txnNumber = session !== undefined && command.autocommit === false && typeof command.txnNumber === 'number' ? command.txnNumber : undefined;
    const inTransaction = txnNumber !== undefined;
    const ctx: CommandContext = {
      ...this.services,
      db,
      connectionId,
      session,
      txnNumber,
      visibility: transactions.visibility(session, inTransaction, definition.readOnly === true),
      guard: (ns, doc) => transactions.checkDocument(session, inTransaction, ns, valueKey(doc._id)),
    };
    try {
      if (!definition.data) return definition.run(command, ctx);
      if (inTransaction) return await this.runTransactionCommand(definition, command, ctx, session!, txnNumber);
      if (definition.ddl) return await transactions.whenQuiet(() => this.runOutsideTransaction(definition, command, ctx));
      // A write that met a document an open transaction holds was undone: it runs again once that one ends.
      for (;;) {
        const outcome = this.runOutsideTransaction(definition, command, ctx);
        if (!(outcome instanceof WriteBlocked)) return outcome;
        await transactions.whenEnded(outcome.holder!);
      }
    } catch (error) {
      return toCommandError(error).toReply();
    }
  }

  connectionClosed(connectionId: number): void {
    this.services.transactions.connectionClosed(connectionId);
  }

  /**
   * Background writes that leave documents held by open transactions alone (TTL deletes): they
   * run at once, as plain writes would, instead of waiting for a moment without transactions.
   */
  runBesideTransactions(task: (isHeld: (ns: string, key: string) => boolean) => void): void {
    const { changes, error } = this.capture(() => task((ns, key) => this.services.transactions.isHeld(ns, key)));
    this.commitOutsideTransaction(changes);
    if (error !== undefined) throw error;
  }

  /** Background work that must see no uncommitted change (compaction): runs when no transaction is open. */
  runSystemTask(task: () => void): Promise<void> {
    return this.services.transactions.whenQuiet(() => {
      const { changes, error } = this.capture(task);
      this.persist(changes);
      if (error !== undefined) throw error;
    });
  }

  private async waitFor(session: string, holder: string): Promise<boolean> {
    const { transactions } = this.services;
    if (!transactions.waits.start(session, holder)) return false;
    try {
      return await transactions.whenEnded(holder, HOLDER_WAIT_LIMIT_MS);
    } finally {
      transactions.waits.stop(session);
    }
  }

  /**
   * A command of a transaction, run again while it meets documents other transactions hold:
   * after waiting for the holder (unless that would close a cycle), or, for a document
   * committed since the transaction began, from a later snapshot if nothing it read changed
   * since. Otherwise, as in MongoDB, the transaction aborts and the driver retries it whole.
   */
  private async runTransactionCommand(definition: CommandDefinition, command: Document, ctx: CommandContext, session: string, txnNumber: number): Promise<Document> {
    const { transactions } = this.services;
    if (command.startTransaction === true) transactions.begin(ctx.db, session, txnNumber);
    for (;;) {
      const outcome = this.runInTransaction(definition, command, ctx, session, txnNumber);
      if (!(outcome instanceof WriteBlocked)) return outcome;
      const goOn = outcome.holder !== undefined ? await this.waitFor(session, outcome.holder) : transactions.advanceSnapshot(session);
      if (goOn && transactions.isOwner(session, txnNumber)) continue;
      transactions.abortAfterError(session, txnNumber);
      throw writeConflict();
    }
  }

  /** Runs a command of a transaction; on a conflict its changes are undone and the conflict returned. */
  private runInTransaction(definition: CommandDefinition, command: Document, ctx: CommandContext, session: string, txnNumber: number): Document | WriteBlocked {
    const { transactions } = this.services;
    transactions.require(ctx.db, session, txnNumber);
    transactions.touch(session, ctx.connectionId);
    if (definition.refusedInTransaction) {
      transactions.abortAfterError(session, txnNumber);
      throw new MongoCommandError('OperationNotSupportedInTransaction', `Cannot run '${Object.keys(command)[0]}' in a multi-document transaction.`);
    }
    const outcome = this.run(definition, command, ctx, (change) => transactions.checkWrite(session, true, change));
    const conflict = transactions.conflictOf(outcome.error, session, true);
    if (conflict) {
      this.services.engine.undo(outcome.changes);
      return conflict;
    }
    const { reply, changes, error } = outcome;
    // Changes made before a failure are applied, so they are kept for the undo anyway.
    transactions.record(session, changes);
    const failed = error !== undefined || (Array.isArray(reply.writeErrors) && reply.writeErrors.length > 0);
    if (failed) transactions.abortAfterError(session, txnNumber);
    if (error !== undefined) throw error;
    return reply;
  }

  /** Runs a command outside transactions, or undoes it and says which transaction it must wait for. */
  private runOutsideTransaction(definition: CommandDefinition, command: Document, ctx: CommandContext): Document | WriteBlocked {
    const { transactions } = this.services;
    const { reply, changes, error } = this.run(definition, command, ctx, (change) => transactions.checkWrite(ctx.session, false, change));
    const conflict = transactions.conflictOf(error, ctx.session);
    if (conflict) {
      this.services.engine.undo(changes);
      return conflict;
    }
    this.commitOutsideTransaction(changes);
    if (error !== undefined) throw error;
    return reply;
  }

  /** Changes made outside transactions are durable at once; open snapshots keep what they replaced. */
  private commitOutsideTransaction(changes: StorageChange[]): void {
    this.persist(changes);
    this.services.transactions.committedOutside(changes);
  }

  private run(definition: CommandDefinition, command: Document, ctx: CommandContext, check: (change: StorageChange) => void) {
    let reply: Document = { ok: 1 };
    const { changes, error } = this.capture(() => {
      assertSupportedValues(command);
      reply = definition.run(command, ctx);
    }, check);
    return { reply, changes, error };
  }

  /** Collects the changes `task` makes; `check` may refuse one (it is collected first, so it is undone too). */
  private capture(task: () => void, check?: (change: StorageChange) => void): { changes: StorageChange[]; error: unknown } {
    const changes: StorageChange[] = [];
    const { engine } = this.services;
    engine.setSink((change) => {
      changes.push(change);
      check?.(change);
    });
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
