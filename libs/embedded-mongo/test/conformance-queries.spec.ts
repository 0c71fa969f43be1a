import { Binary, ObjectId, type CollationOptions, type Db, type Filter, type Sort } from 'mongodb';
import { closeTarget, embeddedIt, type OpenTarget, openTarget } from './support/test-target';

/**
 * Query answers that once differed from mongod without an error. Each expectation is mongod's
 * (MongoDB 7) answer; the suite also runs against a real server when MONGODB_URI is set.
 */
describe('embedded mongo conformance: comparisons, sorts, projections, collations', () => {
  let opened: OpenTarget;
  let db: Db;

  beforeAll(async () => {
    opened = await openTarget('semantics');
    db = opened.db;
  });

  afterAll(() => closeTarget(opened ?? {}));

  const bin = (bytes: number[], subtype = 0) => new Binary(Buffer.from(bytes), subtype);

  it('orders BinData by length, then subtype, then bytes, in filters and sorts', async () => {
    const blobs = db.collection<{ _id: number; b: Binary }>('bindata');
    await blobs.insertMany([
      { _id: 1, b: bin([9, 9]) },
      { _id: 2, b: bin([1, 1, 1]) },
      { _id: 3, b: bin([1, 1], 5) },
      { _id: 4, b: bin([1, 2]) },
    ]);
    const ids = async (filter: Filter<{ _id: number; b: Binary }>, sort: Sort = { b: 1 }) => (await blobs.find(filter).sort(sort).toArray()).map((doc) => doc._id);
    expect(await ids({})).toEqual([4, 1, 3, 2]);
    expect(await ids({}, { b: -1 })).toEqual([2, 3, 1, 4]);
    expect(await ids({ b: { $gt: bin([9, 9]) } })).toEqual([3, 2]);
    expect(await ids({ b: { $lt: bin([0, 0, 0]) } })).toEqual([4, 1, 3]);
    expect(await ids({ b: bin([1, 2]) })).toEqual([4]);
  });

  it('orders mixed types as BSON does (numbers < strings < objects < arrays < BinData < ObjectId < booleans < dates)', async () => {
    const mixed = db.collection<{ _id: number; v: unknown }>('mixed');
    const id = new ObjectId('0123456789abcdef01234567');
    await mixed.insertMany([
      { _id: 1, v: new Date(0) }, { _id: 2, v: true }, { _id: 3, v: id }, { _id: 4, v: bin([1]) },
      { _id: 5, v: { a: 1 } }, { _id: 6, v: 'x' }, { _id: 7, v: 3 }, { _id: 8, v: null },
    ]);
    expect((await mixed.find().sort({ v: 1 }).toArray()).map((doc) => doc._id)).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
  });

  it('matches $all against a field that is not an array when it equals every element', async () => {
    const scalars = db.collection<{ _id: number; t: unknown }>('all_scalar');
    await scalars.insertMany([{ _id: 1, t: 'a' }, { _id: 2, t: ['a', 'b'] }, { _id: 3, t: 'b' }]);
    const ids = async (filter: object) => (await scalars.find(filter).sort({ _id: 1 }).toArray()).map((doc) => doc._id);
    expect(await ids({ t: { $all: ['a'] } })).toEqual([1, 2]);
    expect(await ids({ t: { $all: ['a', 'a'] } })).toEqual([1, 2]);
    expect(await ids({ t: { $all: ['a', 'b'] } })).toEqual([2]);
    expect(await ids({ t: { $all: [] } })).toEqual([]);
  });

  it('compares subdocuments with their field order, as BSON does', async () => {
    const nested = db.collection<{ _id: number; n: object }>('field_order');
    await nested.insertMany([{ _id: 1, n: { x: 1, y: 2 } }, { _id: 2, n: { y: 2, x: 1 } }]);
    expect((await nested.find({ n: { x: 1, y: 2 } }).toArray()).map((doc) => doc._id)).toEqual([1]);
  });

  describe('projections', () => {
    const docs = () => db.collection<{ _id: number; [field: string]: unknown }>('projection');
    beforeAll(async () => {
      await docs().insertOne({ a: 1, _id: 7, list: [{ k: 1, v: 'x' }, { k: 2, v: 'y' }, { k: 3, v: 'z' }], scores: [3, 8, 9], z: 'last' });
    });

    it('returns the matched element for a positional projection', async () => {
      expect(await docs().findOne({ 'list.k': 2 }, { projection: { 'list.$': 1 } })).toEqual({ _id: 7, list: [{ k: 2, v: 'y' }] });
      expect(await docs().findOne({ scores: { $gt: 5 } }, { projection: { 'scores.$': 1, _id: 0 } })).toEqual({ scores: [8] });
    });

    it('treats a $slice-only projection as keeping every other field, and allows it beside an exclusion', async () => {
      expect(await docs().findOne({}, { projection: { scores: { $slice: 1 } } })).toEqual({
        _id: 7, a: 1, list: [{ k: 1, v: 'x' }, { k: 2, v: 'y' }, { k: 3, v: 'z' }], scores: [3], z: 'last',
      });
      expect(await docs().findOne({}, { projection: { scores: { $slice: -2 }, list: 0 } })).toEqual({ a: 1, _id: 7, scores: [8, 9], z: 'last' });
      expect(await docs().findOne({}, { projection: { scores: { $slice: [1, 1] }, a: 1 } })).toEqual({ a: 1, _id: 7, scores: [8] });
    });

    it('keeps the document order in an inclusion projection, _id first as stored', async () => {
      expect(Object.keys((await docs().findOne({}, { projection: { z: 1, a: 1 } }))!)).toEqual(['_id', 'a', 'z']);
    });

    it('projects $elemMatch with operator-only and field conditions', async () => {
      expect(await docs().findOne({}, { projection: { scores: { $elemMatch: { $gte: 8 } } } })).toEqual({ _id: 7, scores: [8] });
      expect(await docs().findOne({}, { projection: { list: { $elemMatch: { v: { $in: ['y', 'z'] } } }, _id: 0 } })).toEqual({ list: [{ k: 2, v: 'y' }] });
      expect(await docs().findOne({}, { projection: { list: { $elemMatch: { k: 99 } }, a: 1 } })).toEqual({ a: 1, _id: 7 });
    });

    it('refuses an inclusion mixed with an exclusion', async () => {
      await expect(docs().findOne({}, { projection: { a: 1, z: 0 } })).rejects.toMatchObject({ code: 31254 });
      await expect(docs().findOne({}, { projection: { z: 0, a: 1 } })).rejects.toMatchObject({ code: 31253 });
    });
  });

  it('keeps a field named __proto__ inside a value', async () => {
    const protos = db.collection<{ _id: number; value?: object; other?: number }>('proto');
    const value = JSON.parse('{"__proto__": {"polluted": true}, "plain": 1}') as object;
    await protos.insertOne({ _id: 1, value });
    const found = await protos.findOne({ _id: 1 });
    expect(Object.getOwnPropertyNames(found!.value)).toEqual(['__proto__', 'plain']);
    await protos.updateOne({ _id: 1 }, { $set: { other: 2 } });
    const updated = await protos.findOne({ _id: 1 }, { projection: { value: 1 } });
    expect(Object.getOwnPropertyNames(updated!.value)).toEqual(['__proto__', 'plain']);
  });

  describe('collations', () => {
    const people = () => db.collection<{ _id: number; name: string }>('collation');
    beforeAll(async () => {
      await people().insertMany([{ _id: 1, name: 'Alice' }, { _id: 2, name: 'alice' }, { _id: 3, name: 'Bob' }, { _id: 4, name: 'álice' }]);
    });
    const ids = async (filter: Filter<{ _id: number; name: string }>, collation: CollationOptions, sort: Sort = { _id: 1 }) =>
      (await people().find(filter, { collation }).sort(sort).toArray()).map((doc) => doc._id);

    it('matches case-insensitively with strength 2 and accent-insensitively with strength 1', async () => {
      expect(await ids({ name: 'alice' }, { locale: 'en', strength: 2 })).toEqual([1, 2]);
      expect(await ids({ name: 'alice' }, { locale: 'en', strength: 1 })).toEqual([1, 2, 4]);
      expect(await ids({ name: { $in: ['ALICE'] } }, { locale: 'en_US', strength: 2 })).toEqual([1, 2]);
      expect(await people().countDocuments({ name: 'BOB' }, { collation: { locale: 'en', strength: 2 } })).toBe(1);
    });

    it('accepts ICU locale ids such as en_US, and sorts by the locale', async () => {
      expect(await ids({}, { locale: 'en_US' }, { name: 1, _id: 1 })).toEqual([2, 1, 4, 3]);
      expect(await ids({}, { locale: 'simple' }, { name: 1 })).toEqual([1, 3, 2, 4]);
    });

    it('refuses an unknown locale with BadValue', async () => {
      await expect(ids({}, { locale: 'xx_nowhere' })).rejects.toMatchObject({ code: 2 });
    });

    embeddedIt('refuses collation options it cannot reproduce with NotImplemented', async () => {
      await expect(ids({}, { locale: 'en', alternate: 'shifted' })).rejects.toMatchObject({ code: 115, message: expect.stringMatching(/alternate/) });
      await expect(ids({}, { locale: 'en', strength: 4 })).rejects.toMatchObject({ code: 115 });
    });
  });

  it('answers an unknown aggregation stage with 40324 and an unknown query operator with BadValue', async () => {
    const any = db.collection('errors');
    await expect(any.aggregate([{ $frobnicate: {} }]).toArray()).rejects.toMatchObject({ code: 40324 });
    await expect(any.find({ a: { $frobnicate: 1 } }).toArray()).rejects.toMatchObject({ code: 2 });
  });

  embeddedIt('refuses MongoDB operators it does not implement with NotImplemented naming them', async () => {
    const any = db.collection('refusals');
    await expect(any.find({ $text: { $search: 'x' } }).toArray()).rejects.toMatchObject({ code: 115, message: expect.stringMatching(/\$text/) });
    await expect(any.aggregate([{ $geoNear: {} }]).toArray()).rejects.toMatchObject({ code: 115, message: expect.stringMatching(/\$geoNear/) });
    await expect(any.find({}, { projection: { x: { $add: [1, 2] } } }).toArray()).rejects.toMatchObject({ code: 115 });
  });
});
