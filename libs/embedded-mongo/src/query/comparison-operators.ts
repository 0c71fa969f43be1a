import type { Document } from 'bson';
import { badValue } from '../errors/mongo-error';
import { $elemMatch as mingoElemMatch } from 'mingo/operators/query';
import { isPlainObject } from '../storage/value-key';
import { compareValues, sameTypeBracket, type StringCollator } from './bson-order';
import { collatorFor } from './collation';
import { candidatesAt, MISSING, type Candidate } from './field-paths';

/**
 * The comparison query operators, registered in place of mingo's: mingo compares BinData and
 * ObjectId by their JavaScript string form, ignores field order in subdocuments, ignores
 * collations when matching, and fails `$all` on a field that is not an array. These follow
 * MongoDB: BSON order (./bson-order), type bracketing, null matching missing, and the
 * collation's string comparison.
 */
type Predicate = (doc: Document) => boolean;
interface OperatorOptions {
  collation?: Document;
}
type QueryOperator = (path: string, operand: unknown, options: OperatorOptions) => Predicate;

function isRegex(value: unknown): value is RegExp {
  return value instanceof RegExp;
}

function equalsOperand(candidate: Candidate, operand: unknown, collator?: StringCollator): boolean {
  if (candidate === MISSING) return operand === null;
  return compareValues(candidate, operand, collator) === 0;
}

function matchesInItem(candidate: Candidate, item: unknown, collator?: StringCollator): boolean {
  if (isRegex(item)) return typeof candidate === 'string' && new RegExp(item.source, item.flags.replace('g', '')).test(candidate);
  return equalsOperand(candidate, item, collator);
}

function equality(path: string, operand: unknown, collator?: StringCollator): Predicate {
  return (doc) => candidatesAt(doc, path).some((candidate) => equalsOperand(candidate, operand, collator));
}

function membership(path: string, operand: unknown, name: string, collator?: StringCollator): Predicate {
  if (!Array.isArray(operand)) throw badValue(`${name} needs an array`);
  for (const item of operand) {
    if (isPlainObject(item) && Object.keys(item).some((key) => key.startsWith('$'))) throw badValue(`cannot nest $ under ${name}`);
  }
  return (doc) => candidatesAt(doc, path).some((candidate) => operand.some((item) => matchesInItem(candidate, item, collator)));
}

function ordering(path: string, operand: unknown, accept: (order: number) => boolean, collator?: StringCollator): Predicate {
  if (isRegex(operand)) throw badValue(`Can't have RegEx as arg to predicate over field '${path}'.`);
  return (doc) =>
    candidatesAt(doc, path).some((candidate) => {
      const value = candidate === MISSING ? null : candidate;
      return sameTypeBracket(value, operand) && accept(compareValues(value, operand, collator));
    });
}

/** `$all` is the `$and` of an equality (or `$elemMatch`) per element: a scalar field can match it. */
function allOf(path: string, operand: unknown, options: OperatorOptions, collator?: StringCollator): Predicate {
  if (!Array.isArray(operand)) throw badValue('$all needs an array');
  if (operand.length === 0) return () => false;
  const clauses: Predicate[] = operand.map((item) => {
    if (isPlainObject(item) && Object.keys(item)[0] === '$elemMatch') return elemMatchClause(path, item.$elemMatch, options);
    if (isPlainObject(item) && Object.keys(item).some((key) => key.startsWith('$'))) throw badValue('no $ expressions in $all');
    if (isRegex(item)) return (doc) => candidatesAt(doc, path).some((candidate) => matchesInItem(candidate, item));
    return equality(path, item, collator);
  });
  return (doc) => clauses.every((clause) => clause(doc));
}

function elemMatchClause(path: string, criteria: unknown, options: OperatorOptions): Predicate {
  return (mingoElemMatch as unknown as QueryOperator)(path, criteria, options);
}

const withCollator =
  (build: (path: string, operand: unknown, collator: StringCollator | undefined, options: OperatorOptions) => Predicate): QueryOperator =>
  (path, operand, options) =>
    build(path, operand, collatorFor(options?.collation), options);

export const COMPARISON_OPERATORS: Record<string, QueryOperator> = {
  $eq: withCollator((path, operand, collator) => equality(path, operand, collator)),
  $ne: withCollator((path, operand, collator) => {
    const equal = equality(path, operand, collator);
    return (doc) => !equal(doc);
  }),
  $in: withCollator((path, operand, collator) => membership(path, operand, '$in', collator)),
  $nin: withCollator((path, operand, collator) => {
    const member = membership(path, operand, '$nin', collator);
    return (doc) => !member(doc);
  }),
  $gt: withCollator((path, operand, collator) => ordering(path, operand, (order) => order > 0, collator)),
  $gte: withCollator((path, operand, collator) => ordering(path, operand, (order) => order >= 0, collator)),
  $lt: withCollator((path, operand, collator) => ordering(path, operand, (order) => order < 0, collator)),
  $lte: withCollator((path, operand, collator) => ordering(path, operand, (order) => order <= 0, collator)),
  $all: withCollator((path, operand, collator, options) => allOf(path, operand, options, collator)),
};
