import type { Document } from 'bson';
import { setOwn } from './own-properties';

/**
 * Canonical string for a BSON value, equal exactly when MongoDB's equality match says so for the
 * types we store (numbers of any width compare by value; subdocuments by ordered fields).
 * null and missing share a key because `{ f: null }` matches both.
 */
export function valueKey(value: unknown): string {
  if (value === null || value === undefined) return 'N';
  switch (typeof value) {
    case 'number':
      return Object.is(value, -0) ? 'n0' : `n${value}`;
    case 'string':
      return `s${value}`;
    case 'boolean':
      return value ? 'b1' : 'b0';
    case 'bigint':
      return `n${value}`;
    default:
      break;
  }
  if (value instanceof Date) return `d${value.getTime()}`;
  if (Array.isArray(value)) return `[${value.map((item) => quote(valueKey(item))).join(',')}]`;
  if (value instanceof RegExp) return `r${value.source}/${value.flags}`;
  const bsonType = (value as { _bsontype?: string })._bsontype;
  if (bsonType) return bsonValueKey(bsonType, value as Document);
  const entries = Object.entries(value as Document).map(([k, v]) => `${quote(k)}:${quote(valueKey(v))}`);
  return `{${entries.join(',')}}`;
}

function bsonValueKey(bsonType: string, value: Document): string {
  switch (bsonType) {
    case 'ObjectId':
      return `o${(value as { toHexString(): string }).toHexString()}`;
    case 'Binary':
    case 'UUID': {
      const binary = value as { sub_type: number; toString(encoding: 'base64'): string };
      return `x${binary.sub_type}:${binary.toString('base64')}`;
    }
    case 'Long':
    case 'Int32':
    case 'Double':
      return `n${value.toString()}`;
    default:
      return `${bsonType}:${JSON.stringify(value)}`;
  }
}

function quote(key: string): string {
  return `${key.length}#${key}`;
}

export function isPlainObject(value: unknown): value is Document {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Date) return false;
  if (value instanceof RegExp) return false;
  return (value as { _bsontype?: string })._bsontype === undefined;
}

/**
 * Every value an index or distinct sees under a dotted path: arrays expand (multikey) at any
 * depth, a missing field yields `undefined`.
 */
export function valuesAtPath(doc: Document, path: string): unknown[] {
  const out: unknown[] = [];
  collect(doc, path.split('.'), 0, out);
  return out;
}

function collect(value: unknown, parts: string[], depth: number, out: unknown[]): void {
  if (depth === parts.length) {
    if (Array.isArray(value)) {
      if (value.length === 0) out.push(undefined);
      else out.push(...value);
    } else {
      out.push(value);
    }
    return;
  }
  if (Array.isArray(value)) {
    const position = /^\d+$/.test(parts[depth]) ? Number(parts[depth]) : -1;
    if (position >= 0) collect(value[position], parts, depth + 1, out);
    for (const item of value) collect(item, parts, depth, out);
    if (value.length === 0) out.push(undefined);
    return;
  }
  if (isPlainObject(value)) {
    collect(value[parts[depth]], parts, depth + 1, out);
    return;
  }
  out.push(undefined);
}

/** Deep copy of plain containers; BSON value objects are immutable for our purposes and shared. */
export function cloneDocument<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => cloneDocument(item)) as T;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (!isPlainObject(value)) return value;
  const copy: Document = {};
  for (const key of Object.keys(value)) setOwn(copy, key, cloneDocument(value[key]));
  return copy as T;
}

/** Sets a dotted path, creating intermediate subdocuments (used to seed upserts). */
export function setPath(doc: Document, path: string, value: unknown): void {
  const parts = path.split('.');
  let target: Document = doc;
  for (const part of parts.slice(0, -1)) {
    if (!isPlainObject(target[part])) setOwn(target, part, {});
    target = target[part] as Document;
  }
  setOwn(target, parts[parts.length - 1], value);
}
