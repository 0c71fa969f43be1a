import type { Document } from 'bson';
import { isPlainObject } from '../storage/value-key';
import { valueAtPath } from './field-paths';

/** Tests a filter against a document; the query engine supplies it (it owns compilation). */
export type FilterTest = (filter: Document) => (doc: Document) => boolean;

/**
 * The index of the element the positional `$` (projection `a.$`, update `a.$.b`) refers to: the
 * first element of the array at `arrayPath` that satisfies the filter's conditions on that
 * array. `undefined` when the filter says nothing about it or no element satisfies it; the
 * callers answer with mongod's error for their command.
 */
export function matchedArrayIndex(doc: Document, arrayPath: string, filter: Document | undefined, compile: FilterTest): number | undefined {
  const array = valueAtPath(doc, arrayPath);
  if (!filter || !Array.isArray(array)) return undefined;
  const conditions = conditionsOn(filter, arrayPath);
  if (conditions.length === 0) return undefined;
  const test = compile({ $and: conditions });
  for (let i = 0; i < array.length; i++) {
    if (test(withValueAt(doc, arrayPath.split('.'), [array[i]]))) return i;
  }
  return undefined;
}

function conditionsOn(filter: Document, arrayPath: string): Document[] {
  const out: Document[] = [];
  for (const [key, condition] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(condition)) {
      for (const clause of condition) if (isPlainObject(clause)) out.push(...conditionsOn(clause, arrayPath));
    } else if (key === arrayPath || key.startsWith(`${arrayPath}.`)) {
      out.push({ [key]: condition });
    }
  }
  return out;
}

/** A copy of `doc` with `value` at `parts`, copying only the containers on the way. */
function withValueAt(doc: Document, parts: string[], value: unknown): Document {
  const [head, ...rest] = parts;
  const copy: Document = { ...doc };
  Object.defineProperty(copy, head, { value: rest.length === 0 ? value : withValueAt(isPlainObject(doc[head]) ? doc[head] : {}, rest, value), enumerable: true, writable: true, configurable: true });
  return copy;
}
