import { Binary, type Document } from 'bson';

/**
 * A deliberately small, independent model of MongoDB's semantics for the subset the
 * differential test generates: top-level fields holding null, numbers, ASCII strings,
 * booleans, BinData and flat arrays of those. It shares no code with the server.
 */
export type Scalar = null | number | string | boolean | Binary;
export type Value = Scalar | Scalar[];
export type Row = Document & { _id: number };

const ABSENT = Symbol('absent');
type Seen = Value | typeof ABSENT;

function rank(value: unknown): number {
  if (value === null || value === ABSENT || value === undefined) return 1;
  if (typeof value === 'number') return 2;
  if (typeof value === 'string') return 3;
  if (Array.isArray(value)) return 4;
  if (value instanceof Binary) return 5;
  return 6; // boolean
}

export function compare(a: unknown, b: unknown): number {
  const [ra, rb] = [rank(a), rank(b)];
  if (ra !== rb) return ra < rb ? -1 : 1;
  if (typeof a === 'number' || typeof a === 'string') return a < (b as typeof a) ? -1 : a > (b as typeof a) ? 1 : 0;
  if (typeof a === 'boolean') return Number(a) - Number(b);
  if (a instanceof Binary && b instanceof Binary) {
    const [x, y] = [Buffer.from(a.buffer.subarray(0, a.position)), Buffer.from(b.buffer.subarray(0, b.position))];
    if (x.length !== y.length) return x.length < y.length ? -1 : 1;
    if (a.sub_type !== b.sub_type) return a.sub_type < b.sub_type ? -1 : 1;
    return Buffer.compare(x, y);
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const order = compare(a[i], b[i]);
      if (order !== 0) return order;
    }
    return Math.sign(a.length - b.length);
  }
  return 0;
}

const seen = (doc: Row, field: string): Seen[] => {
  if (!(field in doc)) return [ABSENT];
  const value = doc[field] as Value;
  return Array.isArray(value) ? [value, ...value] : [value];
};

function equalMatch(doc: Row, field: string, operand: Value): boolean {
  return seen(doc, field).some((value) => (operand === null ? value === null || value === ABSENT : value !== ABSENT && compare(value, operand) === 0));
}

export type Condition = { field: string; op: string; operand: unknown };
export type Filter = { all: Condition[] } | { any: Condition[] };

function conditionMatch(doc: Row, { field, op, operand }: Condition): boolean {
  switch (op) {
    case '$eq':
      return equalMatch(doc, field, operand as Value);
    case '$ne':
      return !equalMatch(doc, field, operand as Value);
    case '$in':
      return (operand as Value[]).some((item) => equalMatch(doc, field, item));
    case '$nin':
      return !(operand as Value[]).some((item) => equalMatch(doc, field, item));
    case '$exists':
      return (field in doc) === operand;
    case '$all':
      return (operand as Value[]).length > 0 && (operand as Value[]).every((item) => equalMatch(doc, field, item));
    case '$size':
      return Array.isArray(doc[field]) && (doc[field] as unknown[]).length === operand;
    default: {
      const accept = { $gt: (o: number) => o > 0, $gte: (o: number) => o >= 0, $lt: (o: number) => o < 0, $lte: (o: number) => o <= 0 }[op]!;
      return seen(doc, field).some((value) => {
        const v = value === ABSENT ? null : value;
        return rank(v) === rank(operand) && accept(compare(v, operand));
      });
    }
  }
}

export function toMongoFilter(filter: Filter): Document {
  const clauses = ('all' in filter ? filter.all : filter.any).map(({ field, op, operand }) => ({ [field]: { [op]: operand } }));
  return 'all' in filter ? { $and: clauses } : { $or: clauses };
}

export function matches(doc: Row, filter: Filter): boolean {
  return 'all' in filter ? filter.all.every((c) => conditionMatch(doc, c)) : filter.any.some((c) => conditionMatch(doc, c));
}

const EMPTY = Symbol('empty array');
function sortKey(doc: Row, field: string, direction: number): unknown {
  const value = field in doc ? doc[field] : null;
  if (!Array.isArray(value)) return value;
  if (value.length === 0) return EMPTY;
  return value.reduce((best, item) => (compare(item, best) * direction < 0 ? item : best));
}

export function sortRows(rows: Row[], field: string, direction: 1 | -1): Row[] {
  const keyCompare = (a: unknown, b: unknown) => (a === EMPTY || b === EMPTY ? (a === b ? 0 : a === EMPTY ? -1 : 1) : compare(a, b));
  return [...rows].sort((x, y) => keyCompare(sortKey(x, field, direction), sortKey(y, field, direction)) * direction || x._id - y._id);
}

export type Projection = { include: string[] } | { exclude: string[] } | { slice: [string, number] };

export function toMongoProjection(projection: Projection): Document {
  if ('include' in projection) return Object.fromEntries(projection.include.map((field) => [field, 1]));
  if ('exclude' in projection) return Object.fromEntries(projection.exclude.map((field) => [field, 0]));
  return { [projection.slice[0]]: { $slice: projection.slice[1] } };
}

export function project(doc: Row, projection: Projection): Document {
  const entries = Object.entries(doc);
  if ('include' in projection) return Object.fromEntries(entries.filter(([key]) => key === '_id' || projection.include.includes(key)));
  if ('exclude' in projection) return Object.fromEntries(entries.filter(([key]) => !projection.exclude.includes(key)));
  const [field, n] = projection.slice;
  return Object.fromEntries(entries.map(([key, value]) => [key, key === field && Array.isArray(value) ? (n >= 0 ? value.slice(0, n) : value.slice(Math.max(0, value.length + n))) : value]));
}
