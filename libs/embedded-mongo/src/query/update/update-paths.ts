import type { Document } from 'bson';
import { badValue, MongoCommandError } from '../../errors/mongo-error';
import { formatKeyValue } from '../../storage/key-format';
import { setOwn } from '../../storage/own-properties';
import { isPlainObject } from '../../storage/value-key';

const DIGITS = /^\d+$/;

/** Where an update operator acts: the container holding the field, and the field's name in it. */
export interface FieldSlot {
  parent: Document | unknown[];
  key: string;
  exists: boolean;
  value: unknown;
}

/** `{a: 5}` as mongod prints an element in its update errors. */
export function describeElement(key: string, value: unknown): string {
  return formatKeyValue([key], [value]).replace(/^\{ /, '{').replace(/ \}$/, '}');
}

export function pathNotViable(field: string, key: string, value: unknown): MongoCommandError {
  return new MongoCommandError('PathNotViable', `Cannot create field '${field}' in element ${describeElement(key, value)}`);
}

function child(container: Document | unknown[], part: string): unknown {
  if (Array.isArray(container)) return DIGITS.test(part) ? container[Number(part)] : undefined;
  return Object.prototype.hasOwnProperty.call(container, part) ? container[part] : undefined;
}

/** Array fields created past the end pad with nulls, as mongod does. */
export function putField(container: Document | unknown[], key: string, value: unknown): void {
  if (Array.isArray(container)) {
    const index = Number(key);
    while (container.length < index) container.push(null);
    container[index] = value;
  } else {
    setOwn(container, key, value);
  }
}

/**
 * Follows a concrete path (no positional parts left). Operators that create fields (`create`)
 * make missing subdocuments and fail with PathNotViable (28) through a scalar or through an
 * array by a field name, as mongod does; the others (`$unset`, `$pop`, `$pull`...) find nothing
 * there and do nothing.
 */
export function locate(doc: Document, parts: string[], create: boolean): FieldSlot | undefined {
  let container: Document | unknown[] = doc;
  let containerKey = '';
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (part.length === 0) throw new MongoCommandError('EmptyFieldName', `The update path '${parts.join('.')}' contains an empty field name, which is not allowed.`);
    if (Array.isArray(container) && !DIGITS.test(part)) {
      if (create) throw pathNotViable(part, containerKey, container);
      return undefined;
    }
    const value = child(container, part);
    if (i === parts.length - 1) return { parent: container, key: part, exists: value !== undefined, value };
    if (value === undefined) {
      if (!create) return undefined;
      putField(container, part, {});
    } else if (!isPlainObject(value) && !Array.isArray(value)) {
      if (create) throw pathNotViable(parts[i + 1], part, value);
      return undefined;
    }
    container = child(container, part) as Document | unknown[];
    containerKey = part;
  }
  throw badValue('An empty update path is not valid.');
}

export interface PositionalContext {
  /** The element index the filter matched in the array at this path (the positional `$`). */
  matchedIndex(arrayPath: string): number | undefined;
  /** Array filters by identifier (`$[id]`). */
  arrayFilter(identifier: string, path: string): (element: unknown) => boolean;
}

/**
 * The concrete paths of a path with positional parts: `$` becomes the index the filter matched,
 * `$[]` every index of the array there, `$[id]` every index whose element passes array filter `id`.
 */
export function expandPositional(doc: Document, path: string, positional: PositionalContext): string[][] {
  const parts = path.split('.');
  if (parts.filter((part) => part === '$').length > 1) throw badValue(`Too many positional (i.e. '$') elements found in path '${path}'`);
  const out: string[][] = [];
  const walk = (done: string[], next: number): void => {
    const index = parts.slice(next).findIndex((part) => part.startsWith('$'));
    if (index === -1) {
      out.push([...done, ...parts.slice(next)]);
      return;
    }
    const at = next + index;
    const prefix = [...done, ...parts.slice(next, at)];
    const part = parts[at];
    if (part === '$') {
      const matched = positional.matchedIndex(prefix.join('.'));
      if (matched === undefined) throw badValue('The positional operator did not find the match needed from the query.');
      walk([...prefix, String(matched)], at + 1);
      return;
    }
    const array = resolve(doc, prefix);
    if (array === undefined) throw badValue(`The path '${prefix.join('.')}' must exist in the document in order to apply array updates.`);
    if (!Array.isArray(array)) throw badValue(`Cannot apply array updates to non-array element ${describeElement(prefix[prefix.length - 1], array)}`);
    const identifier = /^\$\[(.*)\]$/.exec(part)?.[1];
    if (identifier === undefined) throw badValue(`Unrecognized positional element '${part}' in path '${path}'`);
    const accepts = identifier === '' ? () => true : positional.arrayFilter(identifier, path);
    array.forEach((element, i) => {
      if (accepts(element)) walk([...prefix, String(i)], at + 1);
    });
  };
  walk([], 0);
  return out;
}

function resolve(doc: Document, parts: string[]): unknown {
  let current: unknown = doc;
  for (const part of parts) {
    if (!isPlainObject(current) && !Array.isArray(current)) return undefined;
    current = child(current, part);
  }
  return current;
}
