import type { Document } from 'bson';
import { MongoCommandError } from '../errors/mongo-error';
import type { PreImages, ReadView } from '../query/query-planner';
import { valueKey } from '../storage/value-key';
import type { StorageChange } from '../storage/storage-change';
import type { StorageEngine } from '../storage/storage-engine';

interface ActiveTransaction {
  db: string;
  session: string;
  txnNumber: number;
  /** The connection that carried its latest command: if it closes, the client is gone. */
  connectionId: number | undefined;
  /** Applied changes, in order: the log entries on commit, undone in reverse on abort. */
  changes: StorageChange[];
  /** First `before` per document, by namespace: what readers outside the transaction see. */
  preImages: Map<string, PreImages>;
  /** Collections it has read or written; `all` once a command's reach was not one collection. */
  touched: Set<string> | 'all';
  timer: NodeJS.Timeout;
}

interface Waiter {
  /** The database the task touches; undefined = every database (system tasks). */
  db: string | undefined;
  session: string | undefined;
  connectionId: number | undefined;
  /** A write outside any transaction to this one collection (see `schedule`). */
  collection: string | undefined;
  run: () => void;
  drop: () => void;
}

/**
 * How long the first command of a new transaction may wait for its database before it fails
 * with a transient WriteConflict (the driver then retries the whole transaction). A waiting
 * command holds one of the driver's pooled connections; without this bound, more waiters than
 * the pool has connections would leave the lock holder no connection to commit with.
 */
export const TRANSACTION_START_WAIT_MS = 100;

type Outcome = { txnNumber: number; outcome: 'committed' | 'aborted' };

/**
 * Serializable transactions by mutual exclusion, one lock per database: while a session has a
 * transaction open in a database, other sessions' writes to that database wait in a FIFO
 * queue (their plain reads see the pre-images instead); other databases go on. One exception
 * keeps an audit insert from waiting for an unrelated transaction: a single-collection write
 * outside any transaction runs at once if the open transaction has not touched (read or
 * written) that collection yet. It is then serialized before the transaction: it read nothing
 * the transaction wrote, and whatever the transaction reads of that collection later is
 * after it. Each service
 * owns its database, so services never wait for each other. Writes apply directly
 * (read-your-writes for free) and are remembered so an abort can restore the previous state.
 * Outside a transaction each command runs synchronously: atomic by construction.
 * A transaction stays in the database of its first command (the embedded server refuses one
 * that spans databases rather than risk a deadlock between two locks).
 */
export class TransactionManager {
  private readonly active = new Map<string, ActiveTransaction>();
  private readonly databaseOfSession = new Map<string, string>();
  private readonly queue: Waiter[] = [];
  private readonly outcomes = new Map<string, Outcome>();

  constructor(
    private readonly engine: StorageEngine,
    private readonly persist: (changes: StorageChange[]) => void,
    private readonly lifetimeMs = 60_000,
  ) {}

  /** Runs `task` now if no other session holds `db` (all databases when undefined), else when released. */
  schedule<T>(
    db: string | undefined,
    session: string | undefined,
    task: () => T,
    { startsTransaction = false, connectionId, collection }: { startsTransaction?: boolean; connectionId?: number; collection?: string } = {},
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const run = () => {
        clearTimeout(timer);
        try {
          resolve(task());
        } catch (error) {
          reject(error);
        }
      };
      // The holder's own commands never queue (they would wait for themselves); others keep FIFO.
      const holder = db === undefined ? undefined : this.active.get(db)?.session;
      const queuedAhead = this.queue.some((waiter) => waiter.db !== undefined && (db === undefined || waiter.db === db));
      if ((session !== undefined && holder === session) || (this.canRun(db, session) && !queuedAhead) || this.runsBeside(db, collection)) return run();
      const waiter: Waiter = { db, session, connectionId, collection, run, drop: () => reject(new MongoCommandError('InternalError', 'connection closed')) };
      this.queue.push(waiter);
      if (startsTransaction) {
        timer = setTimeout(() => {
          const index = this.queue.indexOf(waiter);
          if (index < 0) return;
          this.queue.splice(index, 1);
          reject(writeConflict());
        }, TRANSACTION_START_WAIT_MS);
      }
    });
  }

  isOwner(session: string | undefined, txnNumber: number): boolean {
    const transaction = session === undefined ? undefined : this.transactionOf(session);
    return transaction !== undefined && transaction.txnNumber === txnNumber;
  }

  begin(db: string, session: string, txnNumber: number): void {
    const current = this.transactionOf(session);
    if (current && current.txnNumber !== txnNumber) this.rollback(current);
    if (this.transactionOf(session)) throw new MongoCommandError('IllegalOperation', `transaction ${txnNumber} already started`);
    if (this.active.has(db)) throw new MongoCommandError('IllegalOperation', `database ${db} is held by another transaction`);
    const timer = setTimeout(() => this.expire(session, txnNumber), this.lifetimeMs);
    timer.unref();
    this.active.set(db, { db, session, txnNumber, connectionId: undefined, changes: [], preImages: new Map(), touched: new Set(), timer });
    this.databaseOfSession.set(session, db);
    this.outcomes.delete(session);
  }

  /** Fails commands of a transaction that is not (or no longer) open, or that leave its database. */
  require(db: string, session: string, txnNumber: number): void {
    if (!this.isOwner(session, txnNumber)) throw noSuchTransaction(txnNumber);
    if (this.databaseOfSession.get(session) !== db) {
      this.rollback(this.transactionOf(session)!);
      throw new MongoCommandError('NotImplemented', 'not supported by the embedded server: a transaction spanning several databases');
    }
  }

  /** Remembers a collection the transaction reads or writes (undefined: the command may reach any). */
  touchCollection(session: string, collection: string | undefined): void {
    const transaction = this.transactionOf(session);
    if (!transaction || transaction.touched === 'all') return;
    if (collection === undefined) transaction.touched = 'all';
    else transaction.touched.add(collection);
  }

  /** Remembers which connection the transaction's latest command came on. */
  touch(session: string, connectionId: number): void {
    const transaction = this.transactionOf(session);
    if (transaction) transaction.connectionId = connectionId;
  }

  /**
   * A client that dies mid-transaction (SIGKILL, crash) closes its connections and never
   * aborts: roll its transaction back now rather than hold the database for the whole
   * transaction lifetime. A live driver does not close the connection a transaction is using.
   */
  connectionClosed(connectionId: number): void {
    // Its queued commands must not run later: one could open a transaction nobody will end.
    for (let i = this.queue.length - 1; i >= 0; i--) {
      if (this.queue[i].connectionId === connectionId) this.queue.splice(i, 1)[0].drop();
    }
    for (const transaction of [...this.active.values()]) {
      if (transaction.connectionId === connectionId) this.rollback(transaction);
    }
  }

  record(db: string, changes: StorageChange[]): void {
    const active = this.active.get(db);
    if (!active) return;
    active.changes.push(...changes);
    for (const change of changes) {
      if (change.kind !== 'put' && change.kind !== 'delete') continue;
      let images = active.preImages.get(change.ns);
      if (!images) active.preImages.set(change.ns, (images = new Map()));
      const doc: Document = change.kind === 'put' ? change.after : change.before;
      const key = valueKey(doc._id);
      if (!images.has(key)) images.set(key, change.before);
    }
  }

  /** For a session other than the transaction's owner: the committed state, as pre-images. */
  committedView(db: string, session: string | undefined): ReadView | undefined {
    const active = this.active.get(db);
    if (!active || active.session === session) return undefined;
    return (ns) => active.preImages.get(ns);
  }

  commit(session: string, txnNumber: number): void {
    if (this.isOwner(session, txnNumber)) {
      const transaction = this.transactionOf(session)!;
      this.persist(transaction.changes);
      this.finish(transaction, 'committed');
      return;
    }
    const previous = this.outcomes.get(session);
    // A retried commit of a committed transaction must succeed again (driver retry rules).
    if (previous?.txnNumber === txnNumber && previous.outcome === 'committed') return;
    throw noSuchTransaction(txnNumber);
  }

  abort(session: string, txnNumber: number): void {
    if (!this.isOwner(session, txnNumber)) throw noSuchTransaction(txnNumber);
    this.rollback(this.transactionOf(session)!);
  }

  /** A failed command aborts its transaction, as in MongoDB. */
  abortAfterError(session: string, txnNumber: number): void {
    if (this.isOwner(session, txnNumber)) this.rollback(this.transactionOf(session)!);
  }

  endSession(session: string): void {
    const transaction = this.transactionOf(session);
    if (transaction) this.rollback(transaction);
    this.outcomes.delete(session);
  }

  /** Server stop: nothing uncommitted may reach the log, and no waiter may hang. */
  shutdown(): void {
    for (const transaction of [...this.active.values()]) this.rollback(transaction);
    this.drain();
  }

  private transactionOf(session: string): ActiveTransaction | undefined {
    const db = this.databaseOfSession.get(session);
    return db === undefined ? undefined : this.active.get(db);
  }

  private expire(session: string, txnNumber: number): void {
    if (this.isOwner(session, txnNumber)) this.rollback(this.transactionOf(session)!);
  }

  private rollback(transaction: ActiveTransaction): void {
    const { changes } = transaction;
    for (let i = changes.length - 1; i >= 0; i--) {
      for (const inverse of invert(changes[i])) this.engine.apply(inverse);
    }
    this.finish(transaction, 'aborted');
  }

  private finish(transaction: ActiveTransaction, outcome: Outcome['outcome']): void {
    clearTimeout(transaction.timer);
    this.active.delete(transaction.db);
    this.databaseOfSession.delete(transaction.session);
    this.outcomes.set(transaction.session, { txnNumber: transaction.txnNumber, outcome });
    // Deferred so queued commands never run inside the task that released the lock.
    setImmediate(() => this.drain());
  }

  /** A write outside transactions to a collection the open transaction has not touched. */
  private runsBeside(db: string | undefined, collection: string | undefined): boolean {
    if (db === undefined || collection === undefined) return false;
    const holder = this.active.get(db);
    return holder !== undefined && holder.touched !== 'all' && !holder.touched.has(collection);
  }

  private canRun(db: string | undefined, session: string | undefined): boolean {
    if (db === undefined) return this.active.size === 0;
    const holder = this.active.get(db);
    return holder === undefined || (session !== undefined && holder.session === session);
  }

  /**
   * Runs every waiter that may run, keeping FIFO order per database. A system task (TTL sweep,
   * compaction) runs once no database is held and blocks nobody while it waits: a stalled
   * database must not stall the others.
   */
  private drain(): void {
    const blocked = new Set<string>();
    for (let i = 0; i < this.queue.length; ) {
      const waiter = this.queue[i];
      const mustWait = waiter.db === undefined ? blocked.size > 0 : blocked.has(waiter.db);
      if ((!mustWait && this.canRun(waiter.db, waiter.session)) || this.runsBeside(waiter.db, waiter.collection)) {
        this.queue.splice(i, 1);
        waiter.run();
        continue;
      }
      if (waiter.db !== undefined) blocked.add(waiter.db);
      i += 1;
    }
  }
}

function invert(change: StorageChange): StorageChange[] {
  switch (change.kind) {
    case 'put':
      return change.before
        ? [{ kind: 'put', ns: change.ns, before: change.after, after: change.before }]
        : [{ kind: 'delete', ns: change.ns, before: change.after }];
    case 'delete':
      return [{ kind: 'put', ns: change.ns, before: undefined, after: change.before }];
    case 'createCollection':
      return [{ kind: 'dropCollection', ns: change.ns }];
    case 'createIndex':
      return [{ kind: 'dropIndex', ns: change.ns, name: change.spec.name }];
    default:
      // Drops are refused inside transactions, so there is nothing to invert.
      return [];
  }
}

function writeConflict(): MongoCommandError {
  return new MongoCommandError(
    'WriteConflict',
    'WriteConflict error: this operation conflicted with another operation. Please retry your operation or multi-document transaction.',
    {},
    ['TransientTransactionError'],
  );
}

export function noSuchTransaction(txnNumber: number): MongoCommandError {
  return new MongoCommandError(
    'NoSuchTransaction',
    `Transaction with { txnNumber: ${txnNumber} } has been aborted.`,
    {},
    ['TransientTransactionError'],
  );
}
