import { Binary, BSON, EJSON, type Document } from 'bson';
import fc from 'fast-check';
import type { Collection, Db } from 'mongodb';
import {
  matches, project, sortRows, toMongoFilter, toMongoProjection,
  type Condition, type Filter, type Projection, type Row, type Scalar, type Value,
} from './support/reference-evaluator';
import { applyReferenceUpdate, toMongoUpdate, type UpdateStep } from './support/reference-updates';
import { closeTarget, openTarget, type OpenTarget } from './support/test-target';

/**
 * Differential test: random documents, filters, sorts, projections and updates from the
 * supported subset, answered by the server and by an independent reference model
 * (./support/reference-*.ts). The seed is fixed, so a run is repeatable; FC_SEED overrides
 * it to explore, and a failure prints the seed and the smallest counterexample.
 */
const SEED = Number(process.env.FC_SEED ?? 20_240_613);
const RUNS = Number(process.env.FC_RUNS ?? 120);
const FIELDS = ['a', 'b', 'c'];

const scalar: fc.Arbitrary<Scalar> = fc.oneof(
  fc.constant(null),
  fc.integer({ min: -2, max: 3 }),
  fc.constantFrom('', 'a', 'B', 'b', 'ab'),
  fc.boolean(),
  fc.tuple(fc.uint8Array({ maxLength: 2 }), fc.constantFrom(0, 5)).map(([bytes, subtype]) => new Binary(Buffer.from(bytes), subtype)),
);
const value: fc.Arbitrary<Value> = fc.oneof({ weight: 3, arbitrary: scalar }, { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }) });
const field = fc.constantFrom(...FIELDS);

const row = (id: number): fc.Arbitrary<Row> =>
  fc.record({ a: value, b: value, c: value }, { requiredKeys: [] }).map((fields) => ({ _id: id, ...fields }));
const rows = fc.integer({ min: 1, max: 6 }).chain((count) => fc.tuple(...Array.from({ length: count }, (_, i) => row(i + 1))));

const condition: fc.Arbitrary<Condition> = fc.oneof(
  fc.record({ field, op: fc.constantFrom('$eq', '$ne', '$gt', '$gte', '$lt', '$lte'), operand: scalar }),
  fc.record({ field, op: fc.constantFrom('$in', '$nin', '$all'), operand: fc.array(scalar, { maxLength: 3 }) }),
  fc.record({ field, op: fc.constant('$exists'), operand: fc.boolean() }),
  fc.record({ field, op: fc.constant('$size'), operand: fc.integer({ min: 0, max: 3 }) }),
);
const filter: fc.Arbitrary<Filter> = fc.oneof(
  fc.array(condition, { minLength: 1, maxLength: 2 }).map((all) => ({ all })),
  fc.array(condition, { minLength: 1, maxLength: 2 }).map((any) => ({ any })),
);
const projection: fc.Arbitrary<Projection> = fc.oneof(
  fc.subarray(FIELDS, { minLength: 1 }).map((include) => ({ include })),
  fc.subarray(FIELDS, { minLength: 1 }).map((exclude) => ({ exclude })),
  fc.tuple(field, fc.integer({ min: -3, max: 3 })).map((slice) => ({ slice })),
);
const step: fc.Arbitrary<UpdateStep> = fc.oneof(
  fc.record({ op: fc.constantFrom('$set', '$push', '$addToSet', '$pull', '$min', '$max'), field, operand: scalar }),
  fc.record({ op: fc.constantFrom('$inc', '$mul'), field, operand: fc.integer({ min: -3, max: 3 }) }),
  fc.record({ op: fc.constant('$pop'), field, operand: fc.constantFrom(1, -1) }),
  fc.record({ op: fc.constant('$unset'), field, operand: fc.constant('') }),
);
const steps = fc.uniqueArray(step, { minLength: 1, maxLength: 2, selector: (s) => s.field });

/** Byte-exact comparison: field order and BSON types count, as a driver would see them. */
function sameBson(actual: unknown, expected: unknown): void {
  const [a, e] = [BSON.serialize({ v: actual }), BSON.serialize({ v: expected })];
  if (!Buffer.from(a).equals(Buffer.from(e))) {
    throw new Error(`server answered ${EJSON.stringify(actual)}\nreference says ${EJSON.stringify(expected)}`);
  }
}

describe('embedded mongo differential test against a reference model', () => {
  let opened: OpenTarget;
  let db: Db;
  let docs: Collection<Row>;

  beforeAll(async () => {
    opened = await openTarget('differential');
    db = opened.db;
    docs = db.collection<Row>('docs');
  });

  afterAll(() => closeTarget(opened ?? {}));

  it('answers finds (filter, sort, projection) as the reference does', async () => {
    await fc.assert(
      fc.asyncProperty(rows, filter, field, fc.constantFrom(1 as const, -1 as const), projection, async (input, query, sortField, direction, fields) => {
        await docs.deleteMany({});
        await docs.insertMany(input);
        const found = await docs.find(toMongoFilter(query), { sort: { [sortField]: direction, _id: 1 }, projection: toMongoProjection(fields) }).toArray();
        const expected = sortRows(input.filter((doc) => matches(doc, query)), sortField, direction).map((doc) => project(doc, fields));
        sameBson(found, expected);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('applies updates, and refuses type errors with mongod\'s codes, as the reference does', async () => {
    await fc.assert(
      fc.asyncProperty(row(1), steps, async (input, update) => {
        await docs.deleteMany({});
        await docs.insertOne(input);
        const expected = applyReferenceUpdate(input, update);
        const outcome = await docs.updateOne({ _id: 1 }, toMongoUpdate(update) as Document).then(() => undefined, (error: { code?: number }) => ({ code: error.code }));
        const stored = await docs.findOne({ _id: 1 });
        if ('code' in expected) {
          expect(outcome).toEqual(expected);
          sameBson(stored, input);
        } else {
          expect(outcome).toBeUndefined();
          sameBson(stored, expected);
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
