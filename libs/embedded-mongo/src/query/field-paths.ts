import type { Document } from 'bson';
import { isPlainObject } from '../storage/value-key';

/** A path that reaches no value: `{ f: null }` and `$exists` tell it apart from arrays. */
export const MISSING: unique symbol = Symbol('missing');
export type Candidate = unknown | typeof MISSING;

const DIGITS = /^\d+$/;

/**
 * The values a filter on `path` examines, as mongod's path traversal yields them: a field of
 * each subdocument of an array on the way (implicit traversal, one array level at a time), an
 * array element by position for numeric parts, and at the end the value itself plus, when it is
 * an array, each of its elements. `MISSING` stands for a branch that ends before the path does.
 */
export function candidatesAt(doc: Document, path: string): Candidate[] {
  const out: Candidate[] = [];
  collect(doc, path.split('.'), 0, out, true);
  return out;
}

/** As `candidatesAt`, but an array at the end yields its elements only: what a sort key is made of. */
export function sortCandidatesAt(doc: Document, path: string): Candidate[] {
  const out: Candidate[] = [];
  collect(doc, path.split('.'), 0, out, false);
  return out;
}

function collect(value: unknown, parts: string[], depth: number, out: Candidate[], wholeArrays: boolean): void {
  if (depth === parts.length) {
    if (value === undefined) {
      out.push(MISSING);
      return;
    }
    if (!Array.isArray(value) || wholeArrays) out.push(value);
    if (Array.isArray(value)) out.push(...value);
    return;
  }
  const part = parts[depth];
  if (Array.isArray(value)) {
    const before = out.length;
    for (const element of value) if (isPlainObject(element)) collect(element, parts, depth, out, wholeArrays);
    if (DIGITS.test(part) && Number(part) < value.length) collect(value[Number(part)], parts, depth + 1, out, wholeArrays);
    if (out.length === before) out.push(MISSING);
    return;
  }
  if (isPlainObject(value) && Object.prototype.hasOwnProperty.call(value, part)) {
    collect(value[part], parts, depth + 1, out, wholeArrays);
    return;
  }
  out.push(MISSING);
}

/** The value at a dotted path without array traversal (numeric parts index arrays), or undefined. */
export function valueAtPath(doc: unknown, path: string): unknown {
  let current: unknown = doc;
  for (const part of path.split('.')) {
    if (Array.isArray(current)) current = DIGITS.test(part) ? current[Number(part)] : undefined;
    else if (isPlainObject(current) && Object.prototype.hasOwnProperty.call(current, part)) current = current[part];
    else return undefined;
  }
  return current;
}
