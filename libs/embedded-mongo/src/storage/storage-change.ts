import type { Document } from 'bson';
import type { IndexSpec } from './hash-index';
import { valueKey } from './value-key';

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

/** The canonical `_id` key of the document a put or delete changes. */
export function documentKeyOf(change: Extract<StorageChange, { kind: 'put' | 'delete' }>): string {
  return valueKey((change.kind === 'put' ? change.after : change.before)._id);
}

export function isDocumentChange(change: StorageChange): change is Extract<StorageChange, { kind: 'put' | 'delete' }> {
  return change.kind === 'put' || change.kind === 'delete';
}

/** The inverse of a change, to undo it (transaction abort, or a write that must wait and rerun). */
export function invert(change: StorageChange): StorageChange[] {
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
      // Drops are refused inside transactions and never need undoing outside: nothing to invert.
      return [];
  }
}
