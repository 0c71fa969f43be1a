import type { PreImages } from '../query/query-planner';
import { documentKeyOf, isDocumentChange, type StorageChange } from '../storage/storage-change';

/** Per document of `changes`, the version before them (its first change's `before`), unless `into` has one already. */
export function addFirstVersions(into: Map<string, PreImages>, changes: StorageChange[]): Map<string, PreImages> {
  for (const change of changes) {
    if (!isDocumentChange(change)) continue;
    let images = into.get(change.ns);
    if (!images) into.set(change.ns, (images = new Map()));
    const key = documentKeyOf(change);
    if (!images.has(key)) images.set(key, change.before);
  }
  return into;
}
