import type { Db } from 'mongodb';
import { closeTarget, openTarget, type OpenTarget } from './support/test-target';

/** Update answers mongod (MongoDB 7) gives: type errors with its codes, and what it accepts. */
describe('embedded mongo conformance: update semantics and limits', () => {
  let opened: OpenTarget;
  let db: Db;

  beforeAll(async () => {
    opened = await openTarget('updates');
    db = opened.db;
  });

  afterAll(() => closeTarget(opened ?? {}));

  type Doc = { _id: number; [field: string]: unknown };
  const fresh = async (name: string, doc: Doc) => {
    const collection = db.collection<Doc>(name);
    await collection.insertOne(doc);
    return collection;
  };

  it.each([
    ['$inc on a string', { $inc: { s: 1 } }, 14],
    ['$mul on a string', { $mul: { s: 2 } }, 14],
    ['$inc by a string', { $inc: { n: 'x' } }, 14],
    ['$push on a string', { $push: { s: 1 } }, 2],
    ['$addToSet on a number', { $addToSet: { n: 1 } }, 2],
    ['$pop on a string', { $pop: { s: 1 } }, 14],
    ['$pull on a number', { $pull: { n: 1 } }, 2],
    ['$pullAll on a string', { $pullAll: { s: ['a'] } }, 2],
    ['$set through a scalar', { $set: { 'n.deeper': 1 } }, 28],
    ['$set through an array of subdocuments by field name', { $set: { 'comments.body': 'x' } }, 28],
    ['$inc through a string', { $inc: { 's.x': 1 } }, 28],
    ['$set of _id to another value', { $set: { _id: 2 } }, 66],
    ['$unset of _id', { $unset: { _id: '' } }, 66],
  ])('refuses %s and leaves the document unchanged', async (_label, update, code) => {
    const original: Doc = { _id: 1, s: 'text', n: 5, comments: [{ body: 'a' }, { body: 'b' }] };
    const docs = await fresh(`type_errors_${code}_${Object.keys(update)[0].slice(1)}_${Math.random().toString(36).slice(2, 8)}`, original);
    await expect(docs.updateOne({ _id: 1 }, update as never)).rejects.toMatchObject({ code });
    expect(await docs.findOne({ _id: 1 })).toEqual(original);
  });

  it('accepts $set of _id to its own value', async () => {
    const docs = await fresh('same_id', { _id: 1, a: 1 });
    expect(await docs.updateOne({ _id: 1 }, { $set: { _id: 1, a: 2 } as never })).toMatchObject({ matchedCount: 1, modifiedCount: 1 });
    expect(await docs.findOne({ _id: 1 })).toEqual({ _id: 1, a: 2 });
  });

  it('accepts two fields under one positional or $[] element', async () => {
    const docs = await fresh('positional_fields', { _id: 1, comments: [{ t: 'a', n: 0 }, { t: 'b', n: 0 }] });
    await docs.updateOne({ _id: 1, 'comments.t': 'b' }, { $set: { 'comments.$.t': 'B', 'comments.$.n': 1 } });
    await docs.updateOne({ _id: 1 }, { $inc: { 'comments.$[].n': 10 }, $set: { 'comments.$[].seen': true } } as never);
    expect(await docs.findOne({ _id: 1 })).toEqual({ _id: 1, comments: [{ t: 'a', n: 10, seen: true }, { t: 'B', n: 11, seen: true }] });
    await expect(docs.updateOne({ _id: 1, 'comments.t': 'a' }, { $set: { 'comments.$': {}, 'comments.$.n': 1 } })).rejects.toMatchObject({ code: 40 });
  });

  it('pulls with $or and $and conditions, and with value operators', async () => {
    const docs = await fresh('pull_logic', { _id: 1, items: [{ k: 1, v: 'a' }, { k: 2, v: 'b' }, { k: 3, v: 'c' }], n: [1, 5, 9] });
    await docs.updateOne({ _id: 1 }, { $pull: { items: { $or: [{ k: 1 }, { v: 'c' }] }, n: { $gte: 5 } } as never });
    expect(await docs.findOne({ _id: 1 })).toEqual({ _id: 1, items: [{ k: 2, v: 'b' }], n: [1] });
    await docs.updateOne({ _id: 1 }, { $pull: { items: { $and: [{ k: 2 }, { v: 'b' }] } } as never });
    expect(await docs.findOne({ _id: 1 })).toEqual({ _id: 1, items: [], n: [1] });
  });

  it('adds new fields in field-name order, whatever the operator order (MongoDB 5+)', async () => {
    const docs = await fresh('field_order', { _id: 1 });
    await docs.updateOne({ _id: 1 }, { $set: { z: 1, b: 1 }, $inc: { a: 1 } } as never);
    expect(Object.keys((await docs.findOne({ _id: 1 }))!)).toEqual(['_id', 'a', 'b', 'z']);
  });

  it('pads an array with nulls when setting past its end, and unsets array elements to null', async () => {
    const docs = await fresh('array_paths', { _id: 1, a: [1], b: [1, 2, 3] });
    await docs.updateOne({ _id: 1 }, { $set: { 'a.3': 4 }, $unset: { 'b.1': '' } });
    expect(await docs.findOne({ _id: 1 })).toEqual({ _id: 1, a: [1, null, null, 4], b: [1, null, 3] });
  });

  describe('16 MB documents', () => {
    const overLimit = 'x'.repeat(16 * 1024 * 1024);

    it('refuses an insert over 16 MB with BSONObjectTooLarge (10334) and stores nothing', async () => {
      const big = db.collection('big_insert');
      const reply = await db.command({ insert: 'big_insert', documents: [{ _id: 1, s: overLimit }] });
      expect(reply.writeErrors).toEqual([expect.objectContaining({ index: 0, code: 10334 })]);
      expect(await big.countDocuments()).toBe(0);
    });

    it('refuses an update that grows a document past 16 MB (17419) and keeps the old one', async () => {
      const docs = await fresh('big_update', { _id: 1, s: 'x'.repeat(9 * 1024 * 1024) });
      await expect(docs.updateOne({ _id: 1 }, { $set: { t: 'y'.repeat(8 * 1024 * 1024) } })).rejects.toMatchObject({ code: 17419 });
      expect(await docs.findOne({ _id: 1 }, { projection: { t: 1 } })).toEqual({ _id: 1 });
    });
  });
});
