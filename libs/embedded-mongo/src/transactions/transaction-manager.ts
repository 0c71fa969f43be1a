import type { Document } from 'bson';
import { MongoCommandError } from '../errors/mongo-error';
import type { PreImages, Visibility } from '../query/query-planner';
import { DuplicateKeyError } from '../storage/collection-store';
import { documentKeyOf, isDocumentChange, type StorageChange } from '../storage/storage-change';
import type { StorageEngine } from '../storage/storage-engine';
import { valueKey } from '../storage/value-key';
import type { ActiveTransaction } from './active-transaction';
import { CommitHistory } from './commit-history';
import { addFirstVersions } from './first-versions';
import { SystemTasks } from './system-tasks';
import { noSuchTransaction, WriteBlocked, writeConflict } from './transaction-errors';
import { WaitsForGraph } from './waits-for-graph';

type Outcome = { txnNumber: number; outcome: 'committed' | 'aborted' };

/**
 * Snapshot-style transactions with document-level conflicts, as MongoDB's WiredTiger gives:
 * - Writes apply in place (read-your-writes for free) and are remembered for undo; each written
 *   document is held by its transaction until commit or abort.
 * - Every other session sees a held document as it was before (its pre-image).
 * - A transaction reads its snapshot: documents committed after it began appear as they were
 *   (the versions they replaced are kept while older transactions are open).
 * - A transaction whose write meets a document another holds waits for it to end (the
 *   dispatcher's loop; refused when the wait would close a cycle). One that writes a document
 *   committed after it began fails with a transient WriteConflict (first committer wins) and
 *   the driver retries it whole, unless nothing it read changed since: then its snapshot moves
 *   forward (`advanceSnapshot`) and the write goes on.
 * - A write outside transactions that meets a held document (or a unique key a transaction
 *   holds) is undone and runs again when that transaction ends, as mongod's would wait.
 * Transactions on different documents therefore run side by side. A transaction stays in the
 * database of its first command (refusing one that spans databases keeps rollback simple).
 */
export class TransactionManager {
  private readonly active = new Map<string, ActiveTransaction>();
  /** ns → document key → session of the transaction holding it. */
  private readonly holders = new Map<string, Map<string, string>>();
  /** Versions replaced by commits while transactions were open: their snapshots. */
  private readonly history = new CommitHistory();
  /** Commit counter: a transaction's snapshot is the value when it began. */
  private seq = 0;
  private readonly waitingForEnd = new Map<string, (() => void)[]>();
  private readonly systemTasks = new SystemTasks();
  private readonly outcomes = new Map<string, Outcome>();
  /** Who waits for whom, to refuse a wait that would deadlock. */
  readonly waits = new WaitsForGraph();

  constructor(
    private readonly engine: StorageEngine,
    private readonly persist: (changes: StorageChange[]) => void,
    private readonly lifetimeMs = 60_000,
  ) {}

  isOwner(session: string | undefined, txnNumber: number): boolean {
    const transaction = session === undefined ? undefined : this.active.get(session);
    return transaction !== undefined && transaction.txnNumber === txnNumber;
  }

  begin(db: string, session: string, txnNumber: number): void {
    const current = this.active.get(session);
    if (current && current.txnNumber !== txnNumber) this.rollback(current);
    if (this.active.has(session)) throw new MongoCommandError('IllegalOperation', `transaction ${txnNumber} already started`);
    // A system task kept waiting by a stream of overlapping transactions gets its turn.
    if (this.systemTasks.overdue) throw writeConflict();
    const timer = setTimeout(() => this.abortAfterError(session, txnNumber), this.lifetimeMs);
    timer.unref();
    this.active.set(session, { db, session, txnNumber, startSeq: this.seq, connectionId: undefined, changes: [], preImages: new Map(), readKeys: new Set(), scanned: new Set(), timer });
    this.outcomes.delete(session);
  }

  /** Fails commands of a transaction that is not (or no longer) open, or that leave its database. */
  require(db: string, session: string, txnNumber: number): void {
    if (!this.isOwner(session, txnNumber)) throw noSuchTransaction(txnNumber);
    const transaction = this.active.get(session)!;
    if (transaction.db !== db) {
      this.rollback(transaction);
      throw new MongoCommandError('NotImplemented', 'not supported by the embedded server: a transaction spanning several databases');
    }
  }

  /** Remembers which connection the transaction's latest command came on. */
  touch(session: string, connectionId: number): void {
    const transaction = this.active.get(session);
    if (transaction) transaction.connectionId = connectionId;
  }

  /**
   * What a command of `session` sees: documents held by other transactions as their
   * pre-images and, inside a transaction, documents committed after it began as they were
   * when it began (snapshot reads).
   */
  visibility(session: string | undefined, inTransaction: boolean, recordReads = false): Visibility {
    // Looked up per call: the first command of a transaction begins it after this is made.
    const own = () => (inTransaction && session !== undefined ? this.active.get(session) : undefined);
    const examined = (ns: string, docs: Document[], ids: readonly unknown[] | undefined) => {
      const transaction = own();
      if (!transaction) return;
      if (!ids) transaction.scanned.add(ns);
      for (const id of ids ?? []) transaction.readKeys.add(`${ns}\u0000${valueKey(id)}`);
      for (const doc of docs) transaction.readKeys.add(`${ns}\u0000${valueKey(doc._id)}`);
    };
    return { preImages: (ns) => this.snapshotOf(ns, session, own()), examined: inTransaction && recordReads ? examined : undefined };
  }

  /**
   * Moves a transaction's snapshot to now, when nothing its reads examined was committed since
   * it began: its reads are then as true at the later snapshot, and a write that met a newer
   * document (say a counter it only increments) can go on instead of failing the transaction.
   */
  advanceSnapshot(session: string): boolean {
    const transaction = this.active.get(session);
    if (!transaction) return false;
    for (const { ns, key } of this.history.changedDocumentsSince(transaction.startSeq)) {
      if (transaction.scanned.has(ns) || transaction.readKeys.has(`${ns}\u0000${key}`)) return false;
    }
    transaction.startSeq = this.seq;
    return true;
  }

  /** Checks one change of a running command before it is kept (see `checkDocument`). */
  checkWrite(session: string | undefined, inTransaction: boolean, change: StorageChange): void {
    if (isDocumentChange(change)) this.checkDocument(session, inTransaction, change.ns, documentKeyOf(change));
  }

  /**
   * A command may change this document only if no other transaction holds it and, inside a
   * transaction, it was not committed after the transaction's snapshot.
   */
  checkDocument(session: string | undefined, inTransaction: boolean, ns: string, key: string): void {
    const holder = this.holders.get(ns)?.get(key);
    if (holder !== undefined && holder !== session) throw new WriteBlocked(holder);
    const own = inTransaction && session !== undefined ? this.active.get(session) : undefined;
    if (own && this.history.changedSince(ns, key, own.startSeq)) throw new WriteBlocked(undefined);
  }

  /**
   * A duplicate key is a conflict, not E11000, when its other document is held by another transaction
   * or was committed after this transaction's snapshot (mongod's WriteConflict: the driver retries).
   */
  conflictOf(error: unknown, session: string | undefined, inTransaction = false): WriteBlocked | undefined {
    if (error instanceof WriteBlocked) return error;
    if (!(error instanceof DuplicateKeyError)) return undefined;
    const holder = this.holders.get(error.ns)?.get(error.conflictingId);
    if (holder !== undefined && holder !== session) return new WriteBlocked(holder);
    const own = inTransaction && session !== undefined ? this.active.get(session) : undefined;
    return own && this.history.changedSince(error.ns, error.conflictingId, own.startSeq) ? new WriteBlocked(undefined) : undefined;
  }

  /** Whether an open transaction holds this document (wrote it, uncommitted). */
  isHeld(ns: string, key: string): boolean {
    return this.holders.get(ns)?.has(key) ?? false;
  }

  /** Resolves true once the transaction of `session` has ended (at once if none is open), false after `limitMs`. */
  whenEnded(session: string, limitMs?: number): Promise<boolean> {
    if (!this.active.has(session)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const list = this.waitingForEnd.get(session) ?? [];
      list.push(() => resolve(true));
      this.waitingForEnd.set(session, list);
      if (limitMs !== undefined) setTimeout(() => resolve(false), limitMs).unref();
    });
  }

  /** Keeps the changes of a transaction's command: undo records, pre-images, held documents. */
  record(session: string, changes: StorageChange[]): void {
    const active = this.active.get(session);
    if (!active) return;
    active.changes.push(...changes);
    addFirstVersions(active.preImages, changes);
    for (const change of changes) {
      if (!isDocumentChange(change)) continue;
      let held = this.holders.get(change.ns);
      if (!held) this.holders.set(change.ns, (held = new Map()));
      held.set(documentKeyOf(change), session);
    }
  }

  /** A write outside transactions committed: transactions already open keep their snapshot. */
  committedOutside(changes: StorageChange[]): void {
    if (this.active.size === 0 || changes.length === 0) return;
    this.recordCommit(addFirstVersions(new Map(), changes));
  }

  commit(session: string, txnNumber: number): void {
    if (this.isOwner(session, txnNumber)) {
      const transaction = this.active.get(session)!;
      this.persist(transaction.changes);
      if (this.active.size > 1) this.recordCommit(transaction.preImages);
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
    this.rollback(this.active.get(session)!);
  }

  /** A failed command aborts its transaction, as in MongoDB. */
  abortAfterError(session: string, txnNumber: number): void {
    if (this.isOwner(session, txnNumber)) this.rollback(this.active.get(session)!);
  }

  endSession(session: string): void {
    const transaction = this.active.get(session);
    if (transaction) this.rollback(transaction);
    this.outcomes.delete(session);
  }

  /**
   * A client that dies mid-transaction (SIGKILL, crash) closes its connections and never
   * aborts: roll its transaction back now rather than hold its documents for its lifetime.
   */
  connectionClosed(connectionId: number): void {
    for (const transaction of [...this.active.values()]) {
      if (transaction.connectionId === connectionId) this.rollback(transaction);
    }
  }

  /** Background work (TTL deletes, compaction) runs when no transaction is open. */
  whenQuiet<T>(task: () => T): Promise<T> {
    return this.systemTasks.schedule(task, this.active.size === 0);
  }

  /** Server stop: nothing uncommitted may reach the log, and no waiter may hang. */
  shutdown(): void {
    for (const transaction of [...this.active.values()]) this.rollback(transaction);
    this.runSystemTasks();
  }

  /** A commit: for the transactions still open, the versions it replaced (one per document). */
  private recordCommit(replaced: Map<string, PreImages>): void {
    this.seq += 1;
    for (const [ns, images] of replaced) {
      for (const [key, before] of images) this.history.record(ns, key, before, this.seq);
    }
  }

  /** Other transactions' pre-images, and for a transaction the versions of its snapshot. */
  private snapshotOf(ns: string, session: string | undefined, own: ActiveTransaction | undefined): PreImages | undefined {
    let merged: PreImages | undefined;
    let single: PreImages | undefined;
    for (const transaction of this.active.values()) {
      if (transaction.session === session) continue;
      const images = transaction.preImages.get(ns);
      if (!images || images.size === 0) continue;
      // Held documents are disjoint, so the maps never disagree on a key.
      if (!single) single = images;
      else {
        merged ??= new Map(single);
        for (const [key, doc] of images) merged.set(key, doc);
      }
    }
    if (!own || !this.history.hasVersionsIn(ns)) return merged ?? single;
    const view: PreImages = new Map(merged ?? single);
    this.history.addSnapshotVersions(ns, own.startSeq, view);
    return view;
  }

  private rollback(transaction: ActiveTransaction): void {
    this.engine.undo(transaction.changes);
    this.finish(transaction, 'aborted');
  }

  private finish(transaction: ActiveTransaction, outcome: Outcome['outcome']): void {
    clearTimeout(transaction.timer);
    this.active.delete(transaction.session);
    for (const [ns, images] of transaction.preImages) {
      const held = this.holders.get(ns);
      if (!held) continue;
      for (const key of images.keys()) if (held.get(key) === transaction.session) held.delete(key);
      if (held.size === 0) this.holders.delete(ns);
    }
    this.outcomes.set(transaction.session, { txnNumber: transaction.txnNumber, outcome });
    this.forgetOldCommits();
    const waiters = this.waitingForEnd.get(transaction.session) ?? [];
    this.waitingForEnd.delete(transaction.session);
    // Deferred so waiting commands never run inside the command that ended the transaction.
    setImmediate(() => {
      for (const wake of waiters) wake();
      this.runSystemTasks();
    });
  }

  /** Old versions matter only to snapshots taken before they were replaced. */
  private forgetOldCommits(): void {
    if (this.active.size === 0) return this.history.clear();
    if (this.history.size < 1_000) return;
    this.history.forgetUpTo(Math.min(...[...this.active.values()].map((transaction) => transaction.startSeq)));
  }

  private runSystemTasks(): void {
    this.systemTasks.runDue(() => this.active.size === 0);
  }
}
