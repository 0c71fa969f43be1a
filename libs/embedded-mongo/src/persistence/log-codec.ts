import { BSON, type Document } from 'bson';
import type { IndexSpec } from '../storage/hash-index';
import type { StorageChange } from '../storage/storage-change';

/** Compact on-disk form of a change; only the after-state is kept (replay needs nothing else). */
export function encodeChange(change: StorageChange): Uint8Array {
  switch (change.kind) {
    case 'put':
      return BSON.serialize({ k: 'put', ns: change.ns, d: change.after });
    case 'delete':
      return BSON.serialize({ k: 'del', ns: change.ns, id: change.before._id });
    case 'createCollection':
      return BSON.serialize({ k: 'cc', ns: change.ns, o: change.options });
    case 'dropCollection':
      return BSON.serialize({ k: 'dc', ns: change.ns });
    case 'createIndex':
      return BSON.serialize({ k: 'ci', ns: change.ns, s: change.spec });
    case 'dropIndex':
      return BSON.serialize({ k: 'di', ns: change.ns, n: change.name });
  }
}

export function decodeChange(entry: Document): StorageChange {
  const ns = String(entry.ns);
  switch (entry.k) {
    case 'put':
      return { kind: 'put', ns, before: undefined, after: entry.d as Document };
    case 'del':
      return { kind: 'delete', ns, before: { _id: entry.id } };
    case 'cc':
      return { kind: 'createCollection', ns, options: (entry.o as Document) ?? {} };
    case 'dc':
      return { kind: 'dropCollection', ns };
    case 'ci':
      return { kind: 'createIndex', ns, spec: entry.s as IndexSpec };
    case 'di':
      return { kind: 'dropIndex', ns, name: String(entry.n) };
    default:
      throw new Error(`unknown log entry kind ${String(entry.k)}`);
  }
}

/**
 * Reads consecutive BSON documents. Stops at the first incomplete or corrupt one (a crash while
 * appending) and reports how many bytes were valid, so the tail can be cut off.
 */
export function readEntries(buffer: Buffer): { entries: Document[]; validBytes: number } {
  const entries: Document[] = [];
  let offset = 0;
  while (offset + 5 <= buffer.length) {
    const size = buffer.readInt32LE(offset);
    if (size < 5 || offset + size > buffer.length) break;
    try {
      entries.push(BSON.deserialize(buffer.subarray(offset, offset + size), { promoteLongs: true }));
    } catch {
      break;
    }
    offset += size;
  }
  return { entries, validBytes: offset };
}
