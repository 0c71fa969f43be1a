import type { Document } from 'bson';
import { badValue, MongoCommandError } from '../../errors/mongo-error';
import { cloneDocument, isPlainObject } from '../../storage/value-key';
import { compareValues } from '../bson-order';
import { sortDocuments } from '../sort-order';
import { bsonTypeName, type FieldOperator, type UpdateContext } from './update-context';
import { locate, putField } from './update-paths';

/** `$push`, `$addToSet`, `$pop`, `$pull`, `$pullAll`, with mongod's type errors for non-arrays. */
const PUSH_MODIFIERS = new Set(['$each', '$slice', '$sort', '$position']);

function isInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}

const push: FieldOperator = (doc, parts, operand, ctx) => {
  const withModifiers = isPlainObject(operand) && '$each' in operand;
  if (withModifiers) {
    for (const key of Object.keys(operand)) if (!PUSH_MODIFIERS.has(key)) throw badValue(`Unrecognized clause in $push: ${key}`);
    if (!Array.isArray(operand.$each)) throw badValue(`The argument to $each in $push must be an array but it was of type: ${bsonTypeName(operand.$each)}`);
    if (operand.$slice !== undefined && !isInteger(operand.$slice)) throw badValue(`The value for $slice must be an integer value but was given type: ${bsonTypeName(operand.$slice)}`);
    if (operand.$position !== undefined && !isInteger(operand.$position)) throw badValue(`The value for $position must be an integer value, not of type: ${bsonTypeName(operand.$position)}`);
  }
  const items = (withModifiers ? (operand.$each as unknown[]) : [operand]).map((item) => cloneDocument(item));
  const slot = locate(doc, parts, true)!;
  if (slot.exists && !Array.isArray(slot.value)) {
    throw badValue(`The field '${parts.join('.')}' must be an array but is of type ${bsonTypeName(slot.value)} in document ${ctx.idText}`);
  }
  let array = slot.exists ? [...(slot.value as unknown[])] : [];
  const position = withModifiers && operand.$position !== undefined ? (operand.$position as number) : array.length;
  const at = position < 0 ? Math.max(0, array.length + position) : Math.min(position, array.length);
  array.splice(at, 0, ...items);
  if (withModifiers && operand.$sort !== undefined) array = sortArray(array, operand.$sort, ctx);
  if (withModifiers && operand.$slice !== undefined) {
    const limit = operand.$slice as number;
    array = limit >= 0 ? array.slice(0, limit) : array.slice(Math.max(0, array.length + limit));
  }
  putField(slot.parent, slot.key, array);
};

function sortArray(array: unknown[], spec: unknown, ctx: UpdateContext): unknown[] {
  if (spec === 1 || spec === -1) return [...array].sort((a, b) => compareValues(a, b, ctx.collator) * (spec as number));
  if (!isPlainObject(spec) || Object.keys(spec).length === 0) throw badValue('The $sort is invalid: use 1/-1 to sort the whole element, or {field:1/-1} to sort embedded fields');
  // Elements that are not documents sort as documents without those fields (null keys).
  const wrapped = array.map((element, index) => ({ element, index, doc: isPlainObject(element) ? element : {} }));
  const order = new Map(wrapped.map((entry) => [entry.doc, entry]));
  const sorted = sortDocuments(wrapped.map((entry) => entry.doc), spec, ctx.collator);
  return sorted.map((doc) => order.get(doc)!.element);
}

const addToSet: FieldOperator = (doc, parts, operand, ctx) => {
  const each = isPlainObject(operand) && '$each' in operand;
  if (each && !Array.isArray(operand.$each)) throw badValue(`The argument to $each in $addToSet must be an array but it was of type ${bsonTypeName(operand.$each)}`);
  const items = each ? (operand.$each as unknown[]) : [operand];
  const slot = locate(doc, parts, true)!;
  if (slot.exists && !Array.isArray(slot.value)) {
    throw badValue(`Cannot apply $addToSet to non-array field. Field named '${slot.key}' has non-array type ${bsonTypeName(slot.value)}`);
  }
  const array = slot.exists ? [...(slot.value as unknown[])] : [];
  for (const item of items) {
    if (!array.some((present) => compareValues(present, item, ctx.collator) === 0)) array.push(cloneDocument(item));
  }
  putField(slot.parent, slot.key, array);
};

const pop: FieldOperator = (doc, parts, operand) => {
  if (operand !== 1 && operand !== -1) throw badValue(`$pop expects 1 or -1, found: ${JSON.stringify(operand)}`);
  const slot = locate(doc, parts, false);
  if (!slot?.exists) return;
  if (!Array.isArray(slot.value)) {
    throw new MongoCommandError('TypeMismatch', `Path '${parts.join('.')}' contains an element of non-array type '${bsonTypeName(slot.value)}'`);
  }
  putField(slot.parent, slot.key, operand === 1 ? slot.value.slice(0, -1) : slot.value.slice(1));
};

function cull(name: string, removes: (operand: unknown, ctx: UpdateContext) => (element: unknown) => boolean): FieldOperator {
  return (doc, parts, operand, ctx) => {
    const matches = removes(operand, ctx);
    const slot = locate(doc, parts, false);
    if (!slot?.exists) return;
    if (!Array.isArray(slot.value)) throw badValue(`Cannot apply ${name} to a non-array value`);
    putField(slot.parent, slot.key, slot.value.filter((element) => !matches(element)));
  };
}

/**
 * mongod's $pull matchers: a condition of value operators (`{ $gte: 6 }`) tests each element;
 * any other document (fields, or `$or`/`$and`/`$nor` clauses) is a query on subdocument
 * elements; anything else is an equality.
 */
function pullMatcher(operand: unknown, ctx: UpdateContext): (element: unknown) => boolean {
  if (operand instanceof RegExp) return (element) => typeof element === 'string' && new RegExp(operand.source, operand.flags).test(element);
  if (!isPlainObject(operand)) return (element) => compareValues(element, operand, ctx.collator) === 0;
  const keys = Object.keys(operand);
  const onValue = keys.length > 0 && keys.every((key) => key.startsWith('$') && !['$and', '$or', '$nor', '$expr', '$comment'].includes(key));
  if (onValue) {
    const test = ctx.compile({ element: operand });
    return (element) => test({ element });
  }
  const test = ctx.compile(operand);
  return (element) => isPlainObject(element) && test(element);
}

function pullAllMatcher(operand: unknown, ctx: UpdateContext): (element: unknown) => boolean {
  if (!Array.isArray(operand)) throw badValue(`$pullAll requires an array argument but was given a ${bsonTypeName(operand)}`);
  return (element) => operand.some((item) => compareValues(element, item, ctx.collator) === 0);
}

export const ARRAY_OPERATORS: Record<string, FieldOperator> = {
  $push: push,
  $addToSet: addToSet,
  $pop: pop,
  $pull: cull('$pull', pullMatcher),
  $pullAll: cull('$pull', pullAllMatcher),
};
