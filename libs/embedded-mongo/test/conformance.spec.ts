import { Decimal128, MongoClient, MongoServerError, ObjectId, type Db } from 'mongodb';
import { databaseName, embeddedIt, startTarget, usingRealMongo, waitFor, type TestTarget } from './support/test-target';

/**
 * Behaviour through the official driver. Runs against the embedded server, or against a real
 * MongoDB replica set when MONGODB_URI is set (see README).
 */
describe('embedded mongo conformance (raw driver)', () => {
  let target: TestTarget;
  let client: MongoClient;
  let db: Db;
  const commands: string[] = [];

  beforeAll(async () => {
    target = await startTarget();
    client = new MongoClient(target.uri, { monitorCommands: true, serverSelectionTimeoutMS: 5000 });
    client.on('commandStarted', (event) => commands.push(event.commandName));
    await client.connect();
    db = client.db(databaseName('driver'));
  });

  afterAll(async () => {
    await db?.dropDatabase();
    await client?.close();
    await target?.stop();
  });

  it('inserts, finds, updates, replaces and deletes', async () => {
    const users = db.collection('crud');
    const { insertedId } = await users.insertOne({ name: 'ada', age: 36 });
    expect(insertedId).toBeInstanceOf(ObjectId);
    expect((await users.insertMany([{ name: 'bob', age: 20 }, { name: 'cy', age: 50 }])).insertedCount).toBe(2);
    expect(await users.findOne({ _id: insertedId })).toEqual({ _id: insertedId, name: 'ada', age: 36 });

    const updated = await users.updateMany({ age: { $gte: 30 } }, { $inc: { age: 1 }, $set: { senior: true } });
    expect(updated).toMatchObject({ matchedCount: 2, modifiedCount: 2 });
    const unchanged = await users.updateOne({ name: 'bob' }, { $set: { age: 20 } });
    expect(unchanged).toMatchObject({ matchedCount: 1, modifiedCount: 0 });

    await users.replaceOne({ name: 'bob' }, { name: 'bob', replaced: true });
    const bob = await users.findOne({ name: 'bob' });
    expect(bob).toMatchObject({ name: 'bob', replaced: true });
    expect(bob).not.toHaveProperty('age');
    expect(Object.keys(bob!)[0]).toBe('_id');

    expect((await users.deleteOne({ name: 'cy' })).deletedCount).toBe(1);
    expect((await users.deleteMany({})).deletedCount).toBe(2);
    expect(await users.countDocuments()).toBe(0);
  });

  it('evaluates query operators, sort, skip, limit and projections', async () => {
    const items = db.collection('query');
    await items.insertMany([
      { n: 1, tags: ['a', 'b'], nested: { x: 1 }, s: 'apple' },
      { n: 2, tags: ['b'], nested: { x: 2 }, s: 'banana' },
      { n: 3, tags: [], nested: { x: 3 }, s: 'cherry', extra: null },
      { n: 4, tags: ['c'], s: 'apricot', list: [{ k: 1, v: 'x' }, { k: 2, v: 'y' }] },
    ]);
    const ns = async (filter: object) => (await items.find(filter).sort({ n: 1 }).toArray()).map((doc) => doc.n);
    expect(await ns({ n: { $gt: 1, $lte: 3 } })).toEqual([2, 3]);
    expect(await ns({ n: { $in: [1, 4] } })).toEqual([1, 4]);
    expect(await ns({ n: { $nin: [1, 4] } })).toEqual([2, 3]);
    expect(await ns({ tags: 'b' })).toEqual([1, 2]);
    expect(await ns({ tags: { $all: ['a', 'b'] } })).toEqual([1]);
    expect(await ns({ tags: { $size: 0 } })).toEqual([3]);
    expect(await ns({ 'nested.x': { $ne: 2 } })).toEqual([1, 3, 4]);
    expect(await ns({ nested: { $exists: false } })).toEqual([4]);
    expect(await ns({ extra: null })).toEqual([1, 2, 3, 4]);
    expect(await ns({ s: { $regex: '^ap' } })).toEqual([1, 4]);
    expect(await ns({ s: /an/ })).toEqual([2]);
    expect(await ns({ $or: [{ n: 1 }, { s: 'cherry' }] })).toEqual([1, 3]);
    expect(await ns({ $and: [{ n: { $gt: 1 } }, { n: { $lt: 3 } }] })).toEqual([2]);
    expect(await ns({ list: { $elemMatch: { k: 2, v: 'y' } } })).toEqual([4]);
    expect(await ns({ $expr: { $gt: ['$n', 2] } })).toEqual([3, 4]);

    const page = await items.find({}, { sort: { n: -1 }, skip: 1, limit: 2, projection: { _id: 0, n: 1 } }).toArray();
    expect(page).toEqual([{ n: 3 }, { n: 2 }]);
    const excluded = await items.findOne({ n: 1 }, { projection: { tags: 0, nested: 0, _id: 0 } });
    expect(excluded).toEqual({ n: 1, s: 'apple' });
    const nestedOnly = await items.findOne({ n: 2 }, { projection: { 'nested.x': 1, _id: 0 } });
    expect(nestedOnly).toEqual({ nested: { x: 2 } });
  });

  it('upserts with $setOnInsert applied only on insert', async () => {
    const counters = db.collection('upserts');
    const first = await counters.updateOne(
      { key: 'k1' },
      { $inc: { hits: 1 }, $setOnInsert: { createdBy: 'first' } },
      { upsert: true },
    );
    expect(first.upsertedCount).toBe(1);
    await counters.updateOne({ key: 'k1' }, { $inc: { hits: 1 }, $setOnInsert: { createdBy: 'second' } }, { upsert: true });
    expect(await counters.findOne({ key: 'k1' }, { projection: { _id: 0 } })).toEqual({ key: 'k1', hits: 2, createdBy: 'first' });
    const replaced = await counters.replaceOne({ key: 'k2' }, { key: 'k2', whole: true }, { upsert: true });
    expect(replaced.upsertedId).toBeInstanceOf(ObjectId);
  });

  it('findOneAndUpdate / Replace / Delete with new, upsert, sort and projection', async () => {
    const jobs = db.collection('fam');
    await jobs.insertMany([{ q: 'a', p: 2 }, { q: 'a', p: 1 }]);
    const before = await jobs.findOneAndUpdate({ q: 'a' }, { $set: { taken: true } }, { sort: { p: 1 } });
    expect(before).toMatchObject({ p: 1 });
    expect(before).not.toHaveProperty('taken');
    const after = await jobs.findOneAndUpdate({ q: 'a', taken: { $exists: false } }, { $set: { taken: true } }, { returnDocument: 'after', projection: { _id: 0 } });
    expect(after).toEqual({ q: 'a', p: 2, taken: true });
    const upserted = await jobs.findOneAndUpdate({ q: 'b' }, { $set: { p: 9 } }, { upsert: true, returnDocument: 'after' });
    expect(upserted).toMatchObject({ q: 'b', p: 9 });
    expect(await jobs.findOneAndUpdate({ q: 'zzz' }, { $set: { p: 1 } })).toBeNull();
    expect(await jobs.findOneAndReplace({ q: 'b' }, { q: 'b2' }, { returnDocument: 'after' })).toMatchObject({ q: 'b2' });
    expect(await jobs.findOneAndDelete({ q: 'b2' })).toMatchObject({ q: 'b2' });
    expect(await jobs.countDocuments()).toBe(2);
  });

  it('updates array elements with arrayFilters and the positional operator', async () => {
    const posts = db.collection<{ _id: number; grades: number[]; items: Array<{ k: string; v: number }>; tags?: string[] }>('arrays');
    await posts.insertOne({ _id: 1, grades: [80, 95, 100], items: [{ k: 'a', v: 1 }, { k: 'b', v: 2 }] });
    await posts.updateOne({ _id: 1 }, { $set: { 'grades.$[g]': 0 } }, { arrayFilters: [{ g: { $gte: 95 } }] });
    await posts.updateOne({ _id: 1, 'items.k': 'b' }, { $set: { 'items.$.v': 20 } });
    await posts.updateOne({ _id: 1 }, { $push: { grades: 7 }, $addToSet: { tags: 'x' } });
    expect(await posts.findOne({ _id: 1 })).toEqual({
      _id: 1,
      grades: [80, 0, 0, 7],
      items: [{ k: 'a', v: 1 }, { k: 'b', v: 20 }],
      tags: ['x'],
    });
  });

  it('applies every update operator, and refuses conflicting paths and unknown modifiers as mongod does', async () => {
    type Counters = { _id: number; n: number; m: number; lo: number; hi: number; list: number[]; old?: string; renamed?: string; bits: number; gone?: boolean; items: { k: string }[] };
    const docs = db.collection<Counters>('operators');
    await docs.insertOne({ _id: 1, n: 5, m: 2, lo: 3, hi: 3, list: [1, 2, 3, 2], old: 'x', bits: 6, gone: true, items: [{ k: 'a' }, { k: 'b' }] });
    await docs.updateOne({ _id: 1 }, {
      $inc: { n: 2 }, $mul: { m: 3 }, $min: { lo: 1 }, $max: { hi: 9 }, $pull: { list: 2 }, $rename: { old: 'renamed' },
      $bit: { bits: { and: 3 } }, $unset: { gone: '' }, $pop: { items: -1 },
    });
    expect(await docs.findOne({ _id: 1 })).toEqual({ _id: 1, n: 7, m: 6, lo: 1, hi: 9, list: [1, 3], renamed: 'x', bits: 2, items: [{ k: 'b' }] });

    await expect(docs.updateOne({ _id: 1 }, { $set: { n: 1 }, $inc: { n: 1 } })).rejects.toMatchObject({ code: 40 });
    await expect(docs.updateOne({ _id: 1 }, { $set: { items: [] }, $unset: { 'items.0': '' } })).rejects.toMatchObject({ code: 40 });
    await expect(docs.updateOne({ _id: 1 }, { $rename: { n: 'm' }, $set: { m: 0 } })).rejects.toMatchObject({ code: 40 });
    await expect(docs.updateOne({ _id: 1 }, { $frobnicate: { n: 1 } } as never)).rejects.toMatchObject({ code: 9 });
    expect(await docs.findOne({ _id: 1 }, { projection: { n: 1, m: 1 } })).toEqual({ _id: 1, n: 7, m: 6 });
  });

  it('gives $currentDate the time of each update', async () => {
    const docs = db.collection<{ _id: number; at?: Date }>('current_date');
    await docs.insertMany([{ _id: 1 }, { _id: 2 }]);
    await docs.updateOne({ _id: 1 }, { $currentDate: { at: true } });
    const first = (await docs.findOne({ _id: 1 }))!.at!;
    await waitFor(async () => Date.now() > first.getTime() + 5, 1_000, 2);
    await docs.updateOne({ _id: 2 }, { $currentDate: { at: true } });
    expect((await docs.findOne({ _id: 2 }))!.at!.getTime()).toBeGreaterThan(first.getTime());
  });

  it('enforces unique indexes on insert, update, upsert and findAndModify (E11000)', async () => {
    const users = db.collection('unique');
    await users.createIndex({ email: 1 }, { unique: true });
    await users.insertMany([{ email: 'a@x' }, { email: 'b@x' }]);
    const insertError = await users.insertOne({ email: 'a@x' }).catch((error: unknown) => error);
    expect(insertError).toBeInstanceOf(MongoServerError);
    expect(insertError).toMatchObject({ code: 11000, keyPattern: { email: 1 }, keyValue: { email: 'a@x' } });
    expect((insertError as Error).message).toMatch(/E11000 duplicate key error collection: .*unique index: email_1 dup key: \{ email: "a@x" \}/);

    await expect(users.updateOne({ email: 'b@x' }, { $set: { email: 'a@x' } })).rejects.toMatchObject({ code: 11000 });
    await expect(users.updateOne({ email: 'new@x' }, { $set: { email: 'a@x' } }, { upsert: true })).rejects.toMatchObject({ code: 11000 });
    await expect(users.findOneAndUpdate({ email: 'b@x' }, { $set: { email: 'a@x' } })).rejects.toMatchObject({
      code: 11000,
      keyValue: { email: 'a@x' },
    });
    const bulk = await users.insertMany([{ email: 'c@x' }, { email: 'a@x' }, { email: 'd@x' }], { ordered: false }).catch((error: unknown) => error);
    expect(bulk).toMatchObject({ code: 11000, insertedCount: 2 });
    expect(await users.countDocuments()).toBe(4);
    await expect(users.insertOne({ _id: (await users.findOne({ email: 'c@x' }))!._id, email: 'z' })).rejects.toMatchObject({ code: 11000 });
  });

  it('enforces compound and multikey unique indexes', async () => {
    const members = db.collection('compound');
    await members.createIndex({ org: 1, user: 1 }, { unique: true });
    await members.insertMany([{ org: 1, user: 'a' }, { org: 2, user: 'a' }]);
    await expect(members.insertOne({ org: 1, user: 'a' })).rejects.toMatchObject({ code: 11000, keyValue: { org: 1, user: 'a' } });

    const tagged = db.collection('multikey');
    await tagged.createIndex({ tags: 1 }, { unique: true });
    await tagged.insertOne({ tags: ['x', 'y', 'y'] });
    await expect(tagged.insertOne({ tags: ['z', 'y'] })).rejects.toMatchObject({ code: 11000, keyValue: { tags: 'y' } });
    await tagged.insertOne({ tags: ['z'] });
    expect(await tagged.find({ tags: 'y' }).toArray()).toHaveLength(1);

    const sparse = db.collection('sparse');
    await sparse.createIndex({ code: 1 }, { unique: true, sparse: true });
    await sparse.insertMany([{ a: 1 }, { a: 2 }, { code: 'c' }]);
    await expect(sparse.insertOne({ code: 'c' })).rejects.toMatchObject({ code: 11000 });
  });

  it('refuses to build a unique index over duplicates', async () => {
    const dupes = db.collection('dupes');
    await dupes.insertMany([{ v: 1 }, { v: 1 }]);
    await expect(dupes.createIndex({ v: 1 }, { unique: true })).rejects.toMatchObject({ code: 11000 });
    expect((await dupes.listIndexes().toArray()).map((index) => index.name)).toEqual(['_id_']);
  });

  it('runs aggregation pipelines ($match, $group, $sort, $lookup, $unwind, $project)', async () => {
    const orders = db.collection('orders');
    const customers = db.collection<{ _id: string; name: string }>('customers');
    await customers.insertMany([{ _id: 'c1', name: 'Ann' }, { _id: 'c2', name: 'Ben' }]);
    await orders.insertMany([
      { customer: 'c1', total: 10, items: ['a', 'b'] },
      { customer: 'c1', total: 5, items: ['a'] },
      { customer: 'c2', total: 7, items: [] },
    ]);
    const totals = await orders
      .aggregate([
        { $match: { total: { $gt: 1 } } },
        { $group: { _id: '$customer', sum: { $sum: '$total' }, count: { $sum: 1 } } },
        { $sort: { sum: -1 } },
        { $lookup: { from: 'customers', localField: '_id', foreignField: '_id', as: 'customer' } },
        { $unwind: '$customer' },
        { $project: { _id: 0, name: '$customer.name', sum: 1, count: 1 } },
      ])
      .toArray();
    expect(totals).toEqual([
      { sum: 15, count: 2, name: 'Ann' },
      { sum: 7, count: 1, name: 'Ben' },
    ]);
    const itemCounts = await orders.aggregate([{ $unwind: '$items' }, { $sortByCount: '$items' }]).toArray();
    expect(itemCounts).toEqual([{ _id: 'a', count: 2 }, { _id: 'b', count: 1 }]);
    expect(await customers.findOne({ _id: 'c1' })).toEqual({ _id: 'c1', name: 'Ann' });
  });

  it('counts and lists distinct values', async () => {
    const things = db.collection('counts');
    await things.insertMany([{ k: 'a', t: ['x', 'y'] }, { k: 'b', t: ['y'] }, { k: 'a' }]);
    expect(await things.countDocuments({ k: 'a' })).toBe(2);
    expect(await things.countDocuments({}, { skip: 1, limit: 1 })).toBe(1);
    expect(await things.estimatedDocumentCount()).toBe(3);
    expect((await things.distinct('k')).sort()).toEqual(['a', 'b']);
    expect((await things.distinct('t', { k: 'a' })).sort()).toEqual(['x', 'y']);
  });

  it('pages cursors with batchSize through getMore and kills them', async () => {
    const many = db.collection('cursor');
    await many.insertMany(Array.from({ length: 250 }, (_, i) => ({ i })));
    commands.length = 0;
    const all = await many.find({}).sort({ i: 1 }).batchSize(40).toArray();
    expect(all.map((doc) => doc.i)).toEqual(Array.from({ length: 250 }, (_, i) => i));
    expect(commands.filter((name) => name === 'getMore')).toHaveLength(6);

    const cursor = many.find({}).batchSize(10);
    await cursor.next();
    await cursor.close();
    expect(commands).toContain('killCursors');

    const aggregated = await many.aggregate([{ $match: { i: { $lt: 120 } } }], { batchSize: 50 }).toArray();
    expect(aggregated).toHaveLength(120);
  });

  it('lists, creates and drops collections, indexes and databases', async () => {
    await db.createCollection('made');
    await expect(db.createCollection('made')).rejects.toMatchObject({ code: 48 });
    const names = (await db.listCollections({ name: 'made' }).toArray()).map((info) => info.name);
    expect(names).toEqual(['made']);
    const made = db.collection('made');
    await made.createIndexes([{ key: { a: 1 }, name: 'a_1' }, { key: { b: 1, c: -1 } }]);
    expect((await made.listIndexes().toArray()).map((index) => index.name)).toEqual(['_id_', 'a_1', 'b_1_c_-1']);
    await made.dropIndex('a_1');
    await expect(made.dropIndex('nope')).rejects.toMatchObject({ code: 27 });
    expect((await made.indexes()).map((index) => index.name)).toEqual(['_id_', 'b_1_c_-1']);
    await expect(db.collection('missing').listIndexes().toArray()).rejects.toMatchObject({ code: 26 });
    const databases = await client.db().admin().listDatabases();
    expect(databases.databases.map((info) => info.name)).toContain(db.databaseName);
    expect(await made.drop()).toBe(true);
    expect((await db.listCollections({ name: 'made' }).toArray())).toHaveLength(0);
  });

  it('answers unknown commands with CommandNotFound (59) and keeps serving', async () => {
    await expect(db.command({ definitelyNotACommand: 1 })).rejects.toMatchObject({ code: 59, codeName: 'CommandNotFound' });
    await expect(db.collection('x').find({ a: { $notAnOperator: 1 } }).toArray()).rejects.toBeInstanceOf(MongoServerError);
    expect(await db.command({ ping: 1 })).toMatchObject({ ok: 1 });
    const info = await client.db('admin').command({ buildInfo: 1 });
    expect(info.version).toMatch(/^\d+\.\d+/);
  });

  it('expires documents through a TTL index', async () => {
    const sessions = db.collection('ttl');
    await sessions.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 });
    await sessions.insertMany([{ expiresAt: new Date(Date.now() - 1000) }, { expiresAt: new Date(Date.now() + 3_600_000) }, { noDate: true }]);
    // mongod's TTL monitor runs once a minute; the embedded one every second.
    await waitFor(async () => (await sessions.countDocuments()) === 2, usingRealMongo ? 90_000 : 10_000);
    expect(await sessions.countDocuments({ noDate: true })).toBe(1);
  }, 120_000);

  it('uses an index for equality lookups: each examines only the document it finds', async () => {
    const big = db.collection('big');
    await big.createIndex({ key: 1 }, { unique: true });
    const docs = Array.from({ length: 20_000 }, (_, i) => ({ key: `k${i}`, group: i % 10 }));
    for (let i = 0; i < docs.length; i += 5000) await big.insertMany(docs.slice(i, i + 5000));
    const scannedObjects = async () => Number((await db.admin().serverStatus()).metrics.queryExecutor.scannedObjects);
    const before = await scannedObjects();
    for (let i = 0; i < 200; i++) expect(await big.findOne({ key: `k${i * 97}` })).toMatchObject({ group: (i * 97) % 10 });
    // Counted work, not time: through the index each lookup fetches its one document; a
    // collection scan would examine all 20,000 every time.
    expect((await scannedObjects()) - before).toBeLessThanOrEqual(200);
    expect(await big.countDocuments({ key: { $in: ['k1', 'k2', 'nope'] } })).toBe(2);
  });

  embeddedIt('refuses what it does not implement instead of answering wrongly', async () => {
    const odd = db.collection('unsupported');
    await expect(odd.insertOne({ price: Decimal128.fromString('1.5') })).rejects.toThrow(/not supported by the embedded server/);
    await expect(odd.find({ $where: 'this.a > 1' }).toArray()).rejects.toThrow(/not supported by the embedded server/);
    await expect(odd.aggregate([{ $out: 'elsewhere' }]).toArray()).rejects.toMatchObject({ code: 115 });
  });
});
