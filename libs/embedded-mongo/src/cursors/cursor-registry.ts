import { calculateObjectSize, Long, type Document } from 'bson';
import { MongoCommandError } from '../errors/mongo-error';

/** mongod's defaults: 101 documents in a first batch, batches up to 16 MB, 10 min idle timeout. */
const DEFAULT_FIRST_BATCH = 101;
const MAX_BATCH_BYTES = 16 * 1024 * 1024;
const IDLE_TIMEOUT_MS = 10 * 60 * 1000;

interface OpenCursor {
  ns: string;
  /** Results not yet handed out; entries already sent are cleared so their memory can go. */
  docs: Array<Document | undefined>;
  position: number;
  lastUsed: number;
  /** The logical session that opened it: ending the session kills it, as in mongod. */
  session?: string;
}

/**
 * Results are materialised when a cursor opens; getMore pages through that array. Documents are
 * immutable in storage, so later writes cannot change a batch already handed out.
 */
export class CursorRegistry {
  private readonly cursors = new Map<number, OpenCursor>();
  // Ids stay below 2^53 so the promoted Int64 the driver sends back is an exact number.
  private nextId = Math.floor(Math.random() * 1e9) + 1;

  /** The `cursor` sub-document of a find/aggregate/list* reply. */
  open(ns: string, docs: Document[], batchSize?: number, singleBatch = false, session?: string): Document {
    const cursor: OpenCursor = { ns, docs, position: 0, lastUsed: Date.now(), session };
    // batchSize 0 asks for an open cursor with an empty first batch.
    const firstBatch = batchSize === 0 ? [] : this.take(cursor, batchSize ?? DEFAULT_FIRST_BATCH);
    let id = 0;
    if (!singleBatch && cursor.position < docs.length) {
      id = this.nextId++;
      this.cursors.set(id, cursor);
    }
    return { firstBatch, id: Long.fromNumber(id), ns };
  }

  getMore(id: number, ns: string, batchSize?: number): Document {
    const cursor = this.cursors.get(id);
    if (!cursor || cursor.ns !== ns) {
      throw new MongoCommandError('CursorNotFound', `cursor id ${id} not found`);
    }
    cursor.lastUsed = Date.now();
    const nextBatch = this.take(cursor, batchSize ?? Number.MAX_SAFE_INTEGER);
    const exhausted = cursor.position >= cursor.docs.length;
    if (exhausted) this.cursors.delete(id);
    return { nextBatch, id: Long.fromNumber(exhausted ? 0 : id), ns };
  }

  kill(ids: number[]): Document {
    const killed: Long[] = [];
    const notFound: Long[] = [];
    for (const id of ids) (this.cursors.delete(id) ? killed : notFound).push(Long.fromNumber(id));
    return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [] };
  }

  killSession(session: string): void {
    for (const [id, cursor] of this.cursors) if (cursor.session === session) this.cursors.delete(id);
  }

  openCount(): number {
    return this.cursors.size;
  }

  /** Documents the open cursors still reference (those not yet handed out). */
  heldDocuments(): number {
    let held = 0;
    for (const cursor of this.cursors.values()) held += cursor.docs.length - cursor.position;
    return held;
  }

  sweepIdle(now = Date.now()): void {
    for (const [id, cursor] of this.cursors) if (now - cursor.lastUsed > IDLE_TIMEOUT_MS) this.cursors.delete(id);
  }

  clear(): void {
    this.cursors.clear();
  }

  private take(cursor: OpenCursor, batchSize: number): Document[] {
    const limit = batchSize > 0 ? batchSize : Number.MAX_SAFE_INTEGER;
    const batch: Document[] = [];
    let bytes = 0;
    while (cursor.position < cursor.docs.length && batch.length < limit) {
      const doc = cursor.docs[cursor.position]!;
      bytes += calculateObjectSize(doc);
      if (batch.length > 0 && bytes > MAX_BATCH_BYTES) break;
      batch.push(doc);
      cursor.docs[cursor.position] = undefined;
      cursor.position++;
    }
    return batch;
  }
}
