import { Timestamp, type Document } from 'bson';
import { badValue, MongoCommandError } from '../../errors/mongo-error';
import { cloneDocument, isPlainObject } from '../../storage/value-key';
import { compareValues } from '../bson-order';
import { bsonTypeName, type FieldOperator } from './update-context';
import { describeElement, locate, putField } from './update-paths';

/** The operators that set or remove one field; array operators are in ./array-update-operators. */
const set: FieldOperator = (doc, parts, operand) => {
  const slot = locate(doc, parts, true)!;
  putField(slot.parent, slot.key, cloneDocument(operand));
};

const unset: FieldOperator = (doc, parts) => {
  const slot = locate(doc, parts, false);
  if (!slot?.exists) return;
  // An array keeps its length: the element becomes null.
  if (Array.isArray(slot.parent)) slot.parent[Number(slot.key)] = null;
  else delete slot.parent[slot.key];
};

function arithmetic(name: '$inc' | '$mul', verb: string, apply: (current: number, operand: number) => number): FieldOperator {
  return (doc, parts, operand, ctx) => {
    const field = parts.join('.');
    if (typeof operand !== 'number') {
      throw new MongoCommandError('TypeMismatch', `Cannot ${verb} with non-numeric argument: ${describeElement(field, operand)}`);
    }
    const slot = locate(doc, parts, true)!;
    if (!slot.exists) {
      putField(slot.parent, slot.key, name === '$inc' ? operand : 0);
      return;
    }
    if (typeof slot.value !== 'number') {
      throw new MongoCommandError(
        'TypeMismatch',
        `Cannot apply ${name} to a value of non-numeric type. ${ctx.idText} has the field '${slot.key}' of non-numeric type ${bsonTypeName(slot.value)}`,
      );
    }
    const result = apply(slot.value, operand);
    // Integer arithmetic has no negative zero (0 * -1 is int 0 in mongod); JavaScript's would be stored as double -0.0.
    putField(slot.parent, slot.key, Number.isInteger(slot.value) && Number.isInteger(operand) ? result + 0 : result);
  };
}

function extreme(keepNew: (order: number) => boolean): FieldOperator {
  return (doc, parts, operand, ctx) => {
    const slot = locate(doc, parts, true)!;
    if (!slot.exists || keepNew(compareValues(operand, slot.value, ctx.collator))) putField(slot.parent, slot.key, cloneDocument(operand));
  };
}

const currentDate: FieldOperator = (doc, parts, operand, ctx) => {
  const type = isPlainObject(operand) ? operand.$type : operand === true || operand === false ? 'date' : undefined;
  if (type !== 'date' && type !== 'timestamp') {
    throw badValue("The '$type' string field is required to be 'date' or 'timestamp': {$currentDate: {field : {$type: 'date'}}}");
  }
  const slot = locate(doc, parts, true)!;
  putField(slot.parent, slot.key, type === 'date' ? new Date(ctx.now.getTime()) : ctx.timestamp());
};

const bit: FieldOperator = (doc, parts, operand, ctx) => {
  if (!isPlainObject(operand) || Object.keys(operand).length === 0) {
    throw badValue(`You must pass in at least one bitwise operation. The format is: {$bit: {field: {and/or/xor: #}}`);
  }
  const slot = locate(doc, parts, true)!;
  let value = slot.exists ? slot.value : 0;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new MongoCommandError('TypeMismatch', `Cannot apply $bit to a value of non-integral type.${ctx.idText} has the field ${slot.key} of non-integer type ${bsonTypeName(value)}`);
  }
  for (const [operation, argument] of Object.entries(operand)) {
    if (typeof argument !== 'number' || !Number.isInteger(argument)) throw badValue(`The $bit modifier field must be an Integer(32/64 bit); a '${bsonTypeName(argument)}' is not supported here`);
    if (operation === 'and') value &= argument;
    else if (operation === 'or') value |= argument;
    else if (operation === 'xor') value ^= argument;
    else throw badValue(`The $bit modifier only supports 'and', 'or', and 'xor', not '${operation}' which is an unknown operator: {${operation}: ${argument}}`);
  }
  putField(slot.parent, slot.key, value);
};

/** `$rename` moves a field; array elements can be neither its source nor its target (mongod refuses both). */
const rename: FieldOperator = (doc, parts, operand, ctx) => {
  const source = parts.join('.');
  if (typeof operand !== 'string') throw badValue(`The 'to' field for $rename must be a string: ${describeElement(source, operand)}`);
  if (operand === source) throw badValue(`The source and target field for $rename must differ: ${describeElement(source, operand)}`);
  if (operand.split('.').some((part) => part.startsWith('$'))) throw badValue(`The destination field for $rename may not be dynamic: ${operand}`);
  assertNoArrayOnPath(doc, parts, 'source');
  const slot = locate(doc, parts, false);
  if (!slot?.exists) return;
  assertNoArrayOnPath(doc, operand.split('.'), 'destination');
  const value = slot.value;
  delete (slot.parent as Document)[slot.key];
  set(doc, operand.split('.'), value, ctx);
};

function assertNoArrayOnPath(doc: Document, parts: string[], role: string): void {
  let current: unknown = doc;
  for (const part of parts) {
    if (Array.isArray(current)) throw badValue(`The ${role} field cannot be an array element, '${parts.join('.')}' has an array field called '${part}'`);
    if (!isPlainObject(current)) return;
    current = current[part];
  }
}

export const FIELD_OPERATORS: Record<string, FieldOperator> = {
  $set: set,
  $setOnInsert: set,
  $unset: unset,
  $inc: arithmetic('$inc', 'increment', (current, operand) => current + operand),
  $mul: arithmetic('$mul', 'multiply', (current, operand) => current * operand),
  $min: extreme((order) => order < 0),
  $max: extreme((order) => order > 0),
  $currentDate: currentDate,
  $bit: bit,
  $rename: rename,
};

export function newTimestampSource(now: Date): () => Timestamp {
  let increment = 0;
  return () => new Timestamp({ t: Math.floor(now.getTime() / 1000), i: ++increment });
}
