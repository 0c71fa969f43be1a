import type { Document } from 'bson';

/**
 * MongoDB's comparison order of BSON values (the "canonical type" order of the manual's
 * "Comparison/Sort Order"): MinKey < null/missing < numbers < strings/symbols < objects <
 * arrays < BinData < ObjectId < booleans < dates < timestamps < regexes < MaxKey. mingo orders
 * some of these by their JavaScript class name (BinData after dates, ObjectId by string), so
 * every comparison, equality and sort of the server goes through this file instead.
 */
export type StringCollator = (a: string, b: string) => number;

const RANK = {
  minKey: 1,
  nullish: 5,
  number: 10,
  string: 15,
  object: 20,
  array: 25,
  binary: 30,
  objectId: 35,
  boolean: 40,
  date: 45,
  timestamp: 47,
  regex: 50,
  maxKey: 127,
  /** Code and other rare types: compared by rank only, never equal to anything else. */
  other: 100,
} as const;

interface BinaryLike {
  sub_type: number;
  position: number;
  buffer: Uint8Array;
}

export function typeRank(value: unknown): number {
  if (value === null || value === undefined) return RANK.nullish;
  switch (typeof value) {
    case 'number':
    case 'bigint':
      return RANK.number;
    case 'string':
      return RANK.string;
    case 'boolean':
      return RANK.boolean;
    default:
      break;
  }
  if (Array.isArray(value)) return RANK.array;
  if (value instanceof Date) return RANK.date;
  if (value instanceof RegExp) return RANK.regex;
  switch ((value as { _bsontype?: string })._bsontype) {
    case undefined:
      return RANK.object;
    case 'Binary':
    case 'UUID':
      return RANK.binary;
    case 'ObjectId':
      return RANK.objectId;
    case 'Timestamp':
      return RANK.timestamp;
    case 'BSONRegExp':
      return RANK.regex;
    case 'MinKey':
      return RANK.minKey;
    case 'MaxKey':
      return RANK.maxKey;
    case 'BSONSymbol':
      return RANK.string;
    case 'Int32':
    case 'Double':
      return RANK.number;
    default:
      return RANK.other;
  }
}

const sign = (n: number): number => (n < 0 ? -1 : n > 0 ? 1 : 0);

function compareNumbers(a: number, b: number): number {
  // NaN sorts below every other number and equals itself, as in MongoDB.
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : -1;
  if (Number.isNaN(b)) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareBinary(a: BinaryLike, b: BinaryLike): number {
  // Length first, then subtype, then bytes: BinData's documented order.
  if (a.position !== b.position) return sign(a.position - b.position);
  if (a.sub_type !== b.sub_type) return sign(a.sub_type - b.sub_type);
  for (let i = 0; i < a.position; i++) if (a.buffer[i] !== b.buffer[i]) return sign(a.buffer[i] - b.buffer[i]);
  return 0;
}

/** UTF-16 order differs from code point order only around surrogate pairs. */
const SURROGATE = /[\uD800-\uDFFF]/;

function compareStrings(a: string, b: string, collator?: StringCollator): number {
  if (collator) return sign(collator(a, b));
  // Binary comparison of UTF-8 equals code point order, not JavaScript's UTF-16 unit order.
  if (a === b) return 0;
  if (SURROGATE.test(a) || SURROGATE.test(b)) return sign(Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));
  return a < b ? -1 : 1;
}

function compareObjects(a: Document, b: Document, collator?: StringCollator): number {
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  const shared = Math.min(keysA.length, keysB.length);
  for (let i = 0; i < shared; i++) {
    const rank = sign(typeRank(a[keysA[i]]) - typeRank(b[keysB[i]]));
    if (rank !== 0) return rank;
    // Field names compare as plain strings: collations apply to values only.
    const names = compareStrings(keysA[i], keysB[i]);
    if (names !== 0) return names;
    const values = compareValues(a[keysA[i]], b[keysB[i]], collator);
    if (values !== 0) return values;
  }
  return sign(keysA.length - keysB.length);
}

function compareArrays(a: unknown[], b: unknown[], collator?: StringCollator): number {
  const shared = Math.min(a.length, b.length);
  for (let i = 0; i < shared; i++) {
    const order = compareValues(a[i], b[i], collator);
    if (order !== 0) return order;
  }
  return sign(a.length - b.length);
}

/** -1, 0 or 1 in MongoDB's order; `collator` (a collation) applies to strings at any depth. */
export function compareValues(a: unknown, b: unknown, collator?: StringCollator): number {
  const rankA = typeRank(a);
  const rankB = typeRank(b);
  if (rankA !== rankB) return sign(rankA - rankB);
  switch (rankA) {
    case RANK.nullish:
    case RANK.minKey:
    case RANK.maxKey:
      return 0;
    case RANK.number:
      return compareNumbers(Number(a), Number(b));
    case RANK.string:
      return compareStrings(String(a), String(b), collator);
    case RANK.boolean:
      return sign(Number(a) - Number(b));
    case RANK.date:
      return compareNumbers((a as Date).getTime(), (b as Date).getTime());
    case RANK.array:
      return compareArrays(a as unknown[], b as unknown[], collator);
    case RANK.object:
      return compareObjects(a as Document, b as Document, collator);
    case RANK.binary:
      return compareBinary(a as BinaryLike, b as BinaryLike);
    case RANK.objectId:
      return compareStrings((a as { toHexString(): string }).toHexString(), (b as { toHexString(): string }).toHexString());
    case RANK.timestamp: {
      const [x, y] = [a as { t: number; i: number }, b as { t: number; i: number }];
      return x.t !== y.t ? sign(x.t - y.t) : sign(x.i - y.i);
    }
    case RANK.regex: {
      const [x, y] = [regexParts(a), regexParts(b)];
      return compareStrings(x.source, y.source) || compareStrings(x.flags, y.flags);
    }
    default:
      return a === b ? 0 : compareStrings(String(a), String(b));
  }
}

function regexParts(value: unknown): { source: string; flags: string } {
  if (value instanceof RegExp) return { source: value.source, flags: value.flags };
  const regex = value as { pattern: string; options: string };
  return { source: regex.pattern, flags: regex.options };
}

export function valuesEqual(a: unknown, b: unknown, collator?: StringCollator): boolean {
  return compareValues(a, b, collator) === 0;
}

/** Comparison operators only compare values of the same canonical type ("type bracketing"). */
export function sameTypeBracket(a: unknown, b: unknown): boolean {
  return typeRank(a) === typeRank(b);
}
