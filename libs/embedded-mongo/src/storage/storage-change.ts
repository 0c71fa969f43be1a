import type { Document } from 'bson';
import type { IndexSpec } from './hash-index';

/**
 * Every mutation of the catalog or of a document, as the state it leaves behind. The persistence
 * log replays these; a transaction keeps `before` images to undo them.
 */
export type StorageChange =
  | { kind: 'put'; ns: string; before: Document | undefined; after: Document }
  | { kind: 'delete'; ns: string; before: Document }
  | { kind: 'createCollection'; ns: string; options: Document }
  | { kind: 'dropCollection'; ns: string }
  | { kind: 'createIndex'; ns: string; spec: IndexSpec }
  | { kind: 'dropIndex'; ns: string; name: string };

export type ChangeSink = (change: StorageChange) => void;

export function splitNamespace(ns: string): { db: string; coll: string } {
  const dot = ns.indexOf('.');
  return { db: ns.slice(0, dot), coll: ns.slice(dot + 1) };
}
