import type { Document } from 'bson';
import { badValue, MongoCommandError, notSupported } from '../errors/mongo-error';
import { isPlainObject } from '../storage/value-key';
import { setOwn } from '../storage/own-properties';
import { matchedArrayIndex, type FilterTest } from './positional-match';

/**
 * Find projections as MongoDB 4.4+ applies them (mingo's moved `_id`, lost positional matches
 * and took a `$slice`-only projection for an inclusion): fields keep the document's order,
 * `$slice` and `$elemMatch` take part in either mode as mongod allows, and aggregation
 * expressions in a find projection are refused (NotImplemented).
 */
type Leaf =
  | { kind: 'include' }
  | { kind: 'exclude' }
  | { kind: 'slice'; skip: number; limit: number | undefined }
  | { kind: 'elemMatch'; test: (element: unknown) => boolean }
  | { kind: 'positional'; arrayPath: string };
interface Branch {
  kind: 'branch';
  children: Map<string, Node>;
}
type Node = Leaf | Branch;
const INCLUDE: Leaf = { kind: 'include' };

export type Projector = (doc: Document) => Document;

interface ParsedProjection {
  root: Branch;
  inclusion: boolean;
  excludeId: boolean;
}

export function compileProjection(spec: Document, filter: Document | undefined, compile: FilterTest): Projector {
  const parsed = parse(spec, compile);
  return (doc) => {
    const positional = new Map<string, number>();
    collectPositional(parsed.root, (arrayPath) => {
      const index = matchedArrayIndex(doc, arrayPath, filter, compile);
      if (index === undefined) {
        throw new MongoCommandError('Location51246', "Executor error during find command :: caused by :: positional operator '.$' couldn't find a matching element in the array");
      }
      positional.set(arrayPath, index);
    });
    const out = parsed.inclusion ? include(doc, parsed.root, positional, !parsed.excludeId) : exclude(doc, parsed.root, positional);
    if (parsed.excludeId) delete out._id;
    return out;
  };
}

function parse(spec: Document, compile: FilterTest): ParsedProjection {
  const root: Branch = { kind: 'branch', children: new Map() };
  let mode: 'include' | 'exclude' | undefined;
  let excludeId = false;
  const setMode = (path: string, wanted: 'include' | 'exclude') => {
    if (mode === undefined) mode = wanted;
    else if (mode !== wanted) {
      throw wanted === 'include'
        ? new MongoCommandError('Location31253', `Cannot do inclusion on field ${path} in exclusion projection`)
        : new MongoCommandError('Location31254', `Cannot do exclusion on field ${path} in inclusion projection`);
    }
  };
  for (const [path, value] of flatten(spec)) {
    if (path === '_id' && (typeof value === 'number' || typeof value === 'boolean')) {
      excludeId = !value;
      continue;
    }
    if (path.endsWith('.$')) {
      setMode(path, 'include');
      const arrayPath = path.slice(0, -2);
      place(root, arrayPath, { kind: 'positional', arrayPath });
    } else if (typeof value === 'number' || typeof value === 'boolean') {
      setMode(path, value ? 'include' : 'exclude');
      place(root, path, { kind: value ? 'include' : 'exclude' });
    } else if (isPlainObject(value) && '$slice' in value && Object.keys(value).length === 1) {
      place(root, path, parseSlice(value.$slice));
    } else if (isPlainObject(value) && '$elemMatch' in value && Object.keys(value).length === 1) {
      if (path.includes('.')) throw badValue('Cannot use $elemMatch projection on a nested field.');
      setMode(path, 'include');
      place(root, path, { kind: 'elemMatch', test: elementTest(value.$elemMatch, compile) });
    } else {
      throw notSupported(`find projection of '${path}' with ${JSON.stringify(value)} (aggregation expressions in find projections)`);
    }
  }
  return { root, inclusion: mode === 'include', excludeId };
}

/** `{ a: { b: 1 } }` is `{ 'a.b': 1 }`; operator objects (`$slice`...) stay whole. */
function flatten(spec: Document, prefix = ''): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  for (const [key, value] of Object.entries(spec)) {
    const path = prefix ? `${prefix}.${key}` : key;
    const nested = isPlainObject(value) && Object.keys(value).length > 0 && !Object.keys(value).some((name) => name.startsWith('$'));
    if (nested) out.push(...flatten(value, path));
    else out.push([path, value]);
  }
  return out;
}

function place(root: Branch, path: string, leaf: Leaf): void {
  const parts = path.split('.');
  let branch = root;
  for (let i = 0; i < parts.length - 1; i++) {
    const existing = branch.children.get(parts[i]);
    if (existing && existing.kind !== 'branch') throw pathCollision(path, parts.slice(i + 1).join('.'));
    if (!existing) branch.children.set(parts[i], { kind: 'branch', children: new Map() });
    branch = branch.children.get(parts[i]) as Branch;
  }
  const last = parts[parts.length - 1];
  if (branch.children.has(last)) throw pathCollision(path, last);
  branch.children.set(last, leaf);
}

function pathCollision(path: string, remaining: string): MongoCommandError {
  return new MongoCommandError('Location31249', `Path collision at ${path} remaining portion ${remaining}`);
}

function parseSlice(operand: unknown): Leaf {
  if (typeof operand === 'number' && Number.isInteger(operand)) {
    return operand >= 0 ? { kind: 'slice', skip: 0, limit: operand } : { kind: 'slice', skip: operand, limit: undefined };
  }
  if (Array.isArray(operand) && operand.length === 2 && operand.every((n) => typeof n === 'number' && Number.isInteger(n))) {
    if (operand[1] <= 0) throw badValue(`$slice limit must be positive`);
    return { kind: 'slice', skip: operand[0], limit: operand[1] };
  }
  throw badValue('$slice only supports numbers and [skip, limit] arrays');
}

function applySlice(value: unknown, leaf: Extract<Leaf, { kind: 'slice' }>): unknown {
  if (!Array.isArray(value)) return value;
  const start = leaf.skip < 0 ? Math.max(0, value.length + leaf.skip) : Math.min(leaf.skip, value.length);
  return value.slice(start, leaf.limit === undefined ? undefined : start + leaf.limit);
}

/** `$elemMatch: { $gt: 5 }` tests elements themselves; `{ k: 1 }` or `$or: [...]` tests subdocuments. */
function elementTest(criteria: unknown, compile: FilterTest): (element: unknown) => boolean {
  if (!isPlainObject(criteria)) throw badValue('elemMatch: Invalid argument, object required, but got ' + typeof criteria);
  const keys = Object.keys(criteria);
  const onValue = keys.length > 0 && keys.every((key) => key.startsWith('$') && !['$and', '$or', '$nor'].includes(key));
  if (onValue) {
    const test = compile({ element: criteria });
    return (element) => test({ element });
  }
  const test = compile(criteria);
  return (element) => isPlainObject(element) && test(element);
}

function collectPositional(branch: Branch, visit: (arrayPath: string) => void): void {
  for (const node of branch.children.values()) {
    if (node.kind === 'positional') visit(node.arrayPath);
    else if (node.kind === 'branch') collectPositional(node, visit);
  }
}

/** `keepId`: the top level of an inclusion keeps `_id` where the document has it (first) unless excluded. */
function include(doc: Document, branch: Branch, positional: Map<string, number>, keepId = false): Document {
  const out: Document = {};
  const last: Array<[string, unknown]> = [];
  for (const key of Object.keys(doc)) {
    const node = branch.children.get(key) ?? (keepId && key === '_id' ? INCLUDE : undefined);
    if (!node) continue;
    const value = doc[key];
    if (node.kind === 'include') setOwn(out, key, value);
    else if (node.kind === 'slice') setOwn(out, key, applySlice(value, node));
    else if (node.kind === 'positional') {
      if (Array.isArray(value)) setOwn(out, key, [value[positional.get(node.arrayPath)!]]);
    } else if (node.kind === 'elemMatch') {
      const match = Array.isArray(value) ? value.find(node.test) : undefined;
      // mongod 4.4+ puts an $elemMatch projection after the other included fields.
      if (match !== undefined) last.push([key, [match]]);
    } else if (node.kind === 'branch') {
      const projected = includeNested(value, node, positional);
      if (projected !== undefined) setOwn(out, key, projected);
    }
  }
  for (const [key, value] of last) setOwn(out, key, value);
  return out;
}

function includeNested(value: unknown, branch: Branch, positional: Map<string, number>): unknown {
  if (isPlainObject(value)) return include(value, branch, positional);
  if (Array.isArray(value)) return value.filter((item) => isPlainObject(item) || Array.isArray(item)).map((item) => includeNested(item, branch, positional));
  return undefined;
}

function exclude(doc: Document, branch: Branch, positional: Map<string, number>): Document {
  const out: Document = {};
  for (const key of Object.keys(doc)) {
    const node = branch.children.get(key);
    const value = doc[key];
    if (!node) setOwn(out, key, value);
    else if (node.kind === 'slice') setOwn(out, key, applySlice(value, node));
    else if (node.kind === 'branch') setOwn(out, key, excludeNested(value, node, positional));
  }
  return out;
}

function excludeNested(value: unknown, branch: Branch, positional: Map<string, number>): unknown {
  if (isPlainObject(value)) return exclude(value, branch, positional);
  if (Array.isArray(value)) return value.map((item) => excludeNested(item, branch, positional));
  return value;
}
