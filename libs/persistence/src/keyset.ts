import type { QueryFilter } from 'mongoose';
import type { CursorPosition } from '@support-hub/platform';

export type ListOrder = 'newest-first' | 'oldest-first';

/**
 * Keyset pagination over a list sorted by a time field then `_id`: the filter for the rows after
 * the cursor (combined with `base` by `$and`, so a `$or` in `base` survives) and the sort that
 * goes with it. Stable under inserts, and each page is one indexed range read, however deep.
 */
export function keysetQuery<T>(base: QueryFilter<T>, field: string, order: ListOrder, after: CursorPosition | null): { filter: QueryFilter<T>; sort: Record<string, 1 | -1> } {
  const direction = order === 'newest-first' ? -1 : 1;
  const sort = { [field]: direction, _id: direction } as Record<string, 1 | -1>;
  if (!after) return { filter: base, sort };
  const beyond = direction === -1 ? '$lt' : '$gt';
  const at = new Date(after.sortKey);
  const next = { $or: [{ [field]: { [beyond]: at } }, { [field]: at, _id: { [beyond]: after.id } }] } as QueryFilter<T>;
  return { filter: { $and: [base, next] } as QueryFilter<T>, sort };
}
