import type { PreImages } from '../query/query-planner';
import type { StorageChange } from '../storage/storage-change';

/** An open transaction, as the manager keeps it. */
export interface ActiveTransaction {
  db: string;
  session: string;
  txnNumber: number;
  /** Commit counter when it began: a document committed later is newer than its snapshot. */
  startSeq: number;
  /** The connection that carried its latest command: if it closes, the client is gone. */
  connectionId: number | undefined;
  /** Applied changes, in order: the log entries on commit, undone in reverse on abort. */
  changes: StorageChange[];
  /** First `before` per document it wrote, by namespace: what every other session sees. */
  preImages: Map<string, PreImages>;
  /** `ns\0key` of every document its reads examined: what a later snapshot must not have changed. */
  readKeys: Set<string>;
  /** Collections it queried other than by `_id`: a document committed there later might have matched. */
  scanned: Set<string>;
  timer: NodeJS.Timeout;
}
