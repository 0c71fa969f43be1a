import type { Document } from 'bson';
import { badValue, notSupported } from '../errors/mongo-error';
import { isPlainObject } from '../storage/value-key';
import { compareValues, type StringCollator } from './bson-order';
import { MISSING, sortCandidatesAt } from './field-paths';

type Direction = 1 | -1;

/** An empty array sorts before null, as mongod's sort keys have it. */
const EMPTY_ARRAY_KEY: unique symbol = Symbol('empty array');

export function assertSortSpec(sort: Document): Array<[string, Direction]> {
  return Object.entries(sort).map(([field, direction]) => {
    if (isPlainObject(direction) && '$meta' in direction) throw notSupported('$meta sort keys');
    if (direction !== 1 && direction !== -1) {
      throw badValue(`$sort key ordering must be 1 (for ascending) or -1 (for descending); got ${JSON.stringify(direction)} for '${field}'`);
    }
    return [field, direction];
  });
}

/**
 * mongod's sort key for one field: ascending takes the smallest value the path reaches (array
 * elements included), descending the largest; missing sorts as null.
 */
function sortKey(doc: Document, path: string, direction: Direction, collator?: StringCollator): unknown {
  const values = sortCandidatesAt(doc, path);
  if (values.length === 0) return EMPTY_ARRAY_KEY;
  let best: unknown = values[0] === MISSING ? null : values[0];
  for (let i = 1; i < values.length; i++) {
    const value = values[i] === MISSING ? null : values[i];
    if (compareValues(value, best, collator) * direction < 0) best = value;
  }
  return best;
}

function compareKeys(a: unknown, b: unknown, collator?: StringCollator): number {
  if (a === EMPTY_ARRAY_KEY || b === EMPTY_ARRAY_KEY) return a === b ? 0 : a === EMPTY_ARRAY_KEY ? -1 : 1;
  return compareValues(a, b, collator);
}

/** A stable sort in MongoDB's order (ties keep their input order). */
export function sortDocuments(docs: Document[], sort: Document, collator?: StringCollator): Document[] {
  const fields = assertSortSpec(sort);
  if (fields.length === 0) return docs;
  const keyed = docs.map((doc, index) => ({ doc, index, keys: fields.map(([path, direction]) => sortKey(doc, path, direction, collator)) }));
  keyed.sort((a, b) => {
    for (let i = 0; i < fields.length; i++) {
      const order = compareKeys(a.keys[i], b.keys[i], collator) * fields[i][1];
      if (order !== 0) return order;
    }
    return a.index - b.index;
  });
  return keyed.map((entry) => entry.doc);
}
