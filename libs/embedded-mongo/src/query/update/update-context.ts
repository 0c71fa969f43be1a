import { Timestamp, type Document } from 'bson';
import type { StringCollator } from '../bson-order';
import type { FilterTest } from '../positional-match';

/** What every update operator may need besides the document: error wording, clock, comparisons. */
export interface UpdateContext {
  /** `{_id: 1}`, as mongod names the document in type errors. */
  idText: string;
  now: Date;
  collator?: StringCollator;
  compile: FilterTest;
  /** `$currentDate: { $type: 'timestamp' }` values of one update share a counter, as an oplog would order them. */
  timestamp(): Timestamp;
}

export type FieldOperator = (doc: Document, parts: string[], operand: unknown, ctx: UpdateContext) => void;

/** mongod's type alias for a value, as its update errors print it. */
export function bsonTypeName(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'missing';
  if (typeof value === 'number') return Number.isInteger(value) && Math.abs(value) <= 0x7fffffff ? 'int' : 'double';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'bool';
  if (Array.isArray(value)) return 'array';
  if (value instanceof Date) return 'date';
  if (value instanceof RegExp) return 'regex';
  const names: Record<string, string> = { Binary: 'binData', UUID: 'binData', ObjectId: 'objectId', Timestamp: 'timestamp', BSONRegExp: 'regex', MinKey: 'minKey', MaxKey: 'maxKey' };
  const bsonType = (value as { _bsontype?: string })._bsontype;
  return bsonType ? (names[bsonType] ?? bsonType) : 'object';
}
