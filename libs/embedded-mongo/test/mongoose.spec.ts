import mongoose, { Schema, type Connection } from 'mongoose';
import { databaseName, startTarget, type TestTarget } from './support/test-target';

interface User {
  email: string;
  name: string;
  roles: string[];
  org?: mongoose.Types.ObjectId;
  createdAt?: Date;
}

/** What the services do through mongoose: models, validation, E11000, populate, indexes, sessions. */
describe('embedded mongo conformance (mongoose)', () => {
  let target: TestTarget;
  let connection: Connection;

  const orgSchema = new Schema({ name: { type: String, required: true }, size: { type: Number } }, { timestamps: true });
  const userSchema = new Schema<User>(
    {
      email: { type: String, required: true, unique: true },
      name: { type: String, required: true },
      roles: { type: [String], default: [] },
      org: { type: Schema.Types.ObjectId, ref: 'Org' },
    },
    { timestamps: true },
  );
  userSchema.index({ org: 1, name: 1 });

  beforeAll(async () => {
    target = await startTarget();
    connection = await mongoose.createConnection(target.uri, { dbName: databaseName('mongoose'), serverSelectionTimeoutMS: 5000 }).asPromise();
  });

  afterAll(async () => {
    await connection?.dropDatabase();
    await connection?.close();
    await target?.stop();
  });

  const models = () => {
    const Org = connection.models.Org ?? connection.model('Org', orgSchema);
    const User = (connection.models.User as mongoose.Model<User>) ?? connection.model<User>('User', userSchema);
    return { Org, User };
  };

  it('creates, reads, updates and deletes documents through models', async () => {
    const { User } = models();
    await User.init();
    const ada = await User.create({ email: 'ada@x', name: 'Ada' });
    expect(ada.createdAt).toBeInstanceOf(Date);
    const found = await User.findOne({ email: 'ada@x' }).lean();
    expect(found).toMatchObject({ email: 'ada@x', name: 'Ada', roles: [] });
    ada.roles.push('admin');
    await ada.save();
    expect((await User.findById(ada._id))!.roles).toEqual(['admin']);
    const updated = await User.findOneAndUpdate({ email: 'ada@x' }, { $set: { name: 'Ada L.' } }, { returnDocument: 'after' });
    expect(updated!.name).toBe('Ada L.');
    const upserted = await User.findOneAndUpdate({ email: 'new@x' }, { $setOnInsert: { name: 'New' } }, { upsert: true, returnDocument: 'after' });
    expect(upserted).toMatchObject({ email: 'new@x', name: 'New' });
    expect(await User.countDocuments()).toBe(2);
    expect((await User.distinct('email')).sort()).toEqual(['ada@x', 'new@x']);
    expect((await User.updateMany({}, { $addToSet: { roles: 'member' } })).modifiedCount).toBe(2);
    expect((await User.deleteOne({ email: 'new@x' })).deletedCount).toBe(1);
    await expect(User.create({ email: 'invalid@x' })).rejects.toThrow(/name.*required/);
  });

  it('surfaces duplicate keys as mongoose E11000 errors', async () => {
    const { User } = models();
    await User.init();
    await User.create({ email: 'dup@x', name: 'One' });
    const error = await User.create({ email: 'dup@x', name: 'Two' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 11000, keyValue: { email: 'dup@x' }, keyPattern: { email: 1 } });
    expect((error as Error).message).toMatch(/E11000 duplicate key error/);
    const insertMany = await User.insertMany([{ email: 'dup@x', name: 'Three' }], { ordered: false }).catch((e: unknown) => e);
    expect(insertMany).toMatchObject({ code: 11000 });
  });

  it('populates references', async () => {
    const { Org, User } = models();
    const org = await Org.create({ name: 'Contoso' });
    await User.create({ email: 'pop@x', name: 'Pop', org: org._id });
    const user = await User.findOne({ email: 'pop@x' }).populate<{ org: { name: string } }>('org');
    expect(user!.org.name).toBe('Contoso');
  });

  it('aggregates and pages with cursors', async () => {
    const { User } = models();
    await User.insertMany(Array.from({ length: 30 }, (_, i) => ({ email: `agg${i}@x`, name: `n${i % 3}`, roles: ['agg'] })));
    const groups = await User.aggregate<{ _id: string; count: number }>([
      { $match: { roles: 'agg' } },
      { $group: { _id: '$name', count: { $sum: 1 } } },
      { $sort: { _id: 1 } },
    ]);
    expect(groups).toEqual([{ _id: 'n0', count: 10 }, { _id: 'n1', count: 10 }, { _id: 'n2', count: 10 }]);
    let seen = 0;
    for await (const doc of User.find({ roles: 'agg' }).sort({ email: 1 }).batchSize(7).cursor()) {
      expect(doc.roles).toContain('agg');
      seen++;
    }
    expect(seen).toBe(30);
    expect(await User.countDocuments({ roles: 'agg', name: 'n1' })).toBe(10);
  });

  it('syncs indexes: creates the schema ones and drops the others', async () => {
    const collection = `sync_${Date.now()}`;
    const v1 = new Schema({ a: String, b: String });
    v1.index({ a: 1 }, { unique: true });
    const V1 = connection.model('SyncV1', v1, collection);
    await V1.syncIndexes();
    const names = async () => (await connection.collection(collection).indexes()).map((index) => index.name).sort();
    expect(await names()).toEqual(['_id_', 'a_1']);
    const v2 = new Schema({ a: String, b: String });
    v2.index({ b: 1 });
    v2.index({ a: 1, b: -1 }, { unique: true });
    const V2 = connection.model('SyncV2', v2, collection);
    const dropped = await V2.syncIndexes();
    expect(dropped).toEqual(['a_1']);
    expect(await names()).toEqual(['_id_', 'a_1_b_-1', 'b_1']);
  });

  describe('transactions', () => {
    it('commits with connection.transaction and reads its own writes', async () => {
      const { Org } = models();
      await Org.init();
      await connection.transaction(async (session) => {
        await Org.create([{ name: 'TxA' }], { session });
        expect(await Org.countDocuments({ name: 'TxA' }).session(session)).toBe(1);
        await Org.updateOne({ name: 'TxA' }, { $set: { name: 'TxA2' } }, { session });
      });
      expect(await Org.countDocuments({ name: 'TxA2' })).toBe(1);
    });

    it('rolls back when the callback throws', async () => {
      const { Org } = models();
      const existing = await Org.create({ name: 'Keep' });
      await expect(
        connection.transaction(async (session) => {
          await Org.create([{ name: 'Lost' }], { session });
          await Org.deleteOne({ _id: existing._id }, { session });
          await Org.updateMany({}, { $set: { touched: true } }, { session, strict: false });
          throw new Error('rollback please');
        }),
      ).rejects.toThrow('rollback please');
      expect(await Org.countDocuments({ name: 'Lost' })).toBe(0);
      expect(await Org.findById(existing._id).lean()).toMatchObject({ name: 'Keep' });
      expect(await Org.countDocuments({ touched: true })).toBe(0);
    });

    it('aborts explicitly with session.withTransaction / abortTransaction', async () => {
      const { Org } = models();
      const session = await connection.startSession();
      try {
        await session.withTransaction(async () => {
          await Org.create([{ name: 'Committed' }], { session });
        });
        session.startTransaction();
        await Org.create([{ name: 'Aborted' }], { session });
        await session.abortTransaction();
      } finally {
        await session.endSession();
      }
      expect(await Org.countDocuments({ name: 'Committed' })).toBe(1);
      expect(await Org.countDocuments({ name: 'Aborted' })).toBe(0);
    });

    it('never shows another session uncommitted writes', async () => {
      const { Org } = models();
      const session = await connection.startSession();
      session.startTransaction();
      await Org.create([{ name: 'Invisible' }], { session });
      const outside = Org.countDocuments({ name: 'Invisible' }).exec();
      await session.abortTransaction();
      await session.endSession();
      expect(await outside).toBe(0);
    });

    it('answers reads outside the transaction from committed state, without waiting', async () => {
      const { Org } = models();
      const [kept, removed] = await Org.create([{ name: 'ViewKeep' }, { name: 'ViewRemove' }]);
      await connection.transaction(async (session) => {
        await Org.updateOne({ _id: kept._id }, { $set: { name: 'ViewRenamed' } }, { session });
        await Org.deleteOne({ _id: removed._id }, { session });
        await Org.create([{ name: 'ViewNew' }], { session });
        // No session passed: must not deadlock, and must not see the uncommitted writes.
        const outside = (await Org.find({ name: /^View/ }).sort({ name: 1 }).lean()).map((org) => org.name);
        expect(outside).toEqual(['ViewKeep', 'ViewRemove']);
        expect(await Org.countDocuments({ name: 'ViewKeep' })).toBe(1);
        expect(await Org.aggregate([{ $match: { name: 'ViewNew' } }])).toEqual([]);
      });
      const after = (await Org.find({ name: /^View/ }).sort({ name: 1 }).lean()).map((org) => org.name);
      expect(after).toEqual(['ViewNew', 'ViewRenamed']);
    });

    it('lets plain writes and other transactions on other documents go on beside a transaction', async () => {
      const { Org, User } = models();
      await User.init();
      const [shared] = await Org.create([{ name: 'Shared' }]);
      await connection.transaction(async (session) => {
        await Org.create([{ name: 'TxOrg' }], { session });
        // Neither waits for this transaction (with a lock per database both would deadlock:
        // this transaction cannot commit before they return).
        await User.create({ email: 'beside@x', name: 'Beside' });
        await connection.transaction((other) => Org.create([{ name: 'OtherTx' }], { session: other }));
        await Org.updateOne({ _id: shared._id }, { $set: { name: 'SharedRenamed' } });
      });
      expect(await Org.countDocuments({ name: { $in: ['TxOrg', 'OtherTx', 'SharedRenamed'] } })).toBe(3);
      expect(await User.countDocuments({ email: 'beside@x' })).toBe(1);
    });

    it('makes a transaction that writes a document another one holds retry, so neither update is lost', async () => {
      const { Org } = models();
      const [counter] = await Org.create([{ name: 'Counter', size: 0 }]);
      await Promise.all(
        Array.from({ length: 10 }, () =>
          connection.transaction(async (session) => {
            const current = await Org.findById(counter._id).session(session).lean();
            await Org.updateOne({ _id: counter._id }, { $set: { size: (current!.size ?? 0) + 1 } }, { session });
          }),
        ),
      );
      expect((await Org.findById(counter._id).lean())!.size).toBe(10);
    });

    // Two consumers racing to store the first copy of an object: mongod answers the loser's
    // insert with a WriteConflict (its snapshot has no such _id), the driver retries it whole,
    // and the retry finds the document. An E11000 here would fail the transaction instead.
    it('makes transactions that each create the same missing document retry, not fail with a duplicate key', async () => {
      const { Org } = models();
      const id = new mongoose.Types.ObjectId();
      await Promise.all(
        Array.from({ length: 5 }, () =>
          connection.transaction(async (session) => {
            const current = await Org.findById(id).session(session).lean();
            if (!current) await Org.create([{ _id: id, name: 'First', size: 1 }], { session });
            else await Org.updateOne({ _id: id }, { $inc: { size: 1 } }, { session });
          }),
        ),
      );
      expect((await Org.findById(id).lean())!.size).toBe(5);
    });

    it('makes a plain write to a document a transaction holds wait for it, then apply', async () => {
      const { Org } = models();
      const [doc] = await Org.create([{ name: 'Held', size: 1 }]);
      const session = await connection.startSession();
      session.startTransaction();
      await Org.updateOne({ _id: doc._id }, { $set: { size: 2 } }, { session });
      let plainDone = false;
      const plain = Org.updateOne({ _id: doc._id, size: 1 }, { $set: { size: 100 } }).then((result) => {
        plainDone = true;
        return result;
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(plainDone).toBe(false);
      await session.abortTransaction();
      await session.endSession();
      // The transaction aborted: size is 1 again, so the plain write's filter matches.
      expect((await plain).modifiedCount).toBe(1);
      expect((await Org.findById(doc._id).lean())!.size).toBe(100);
    });

    it('rolls back a transaction whose write hits a duplicate key', async () => {
      const { User } = models();
      await User.init();
      await User.create({ email: 'txdup@x', name: 'Orig' });
      await expect(
        connection.transaction(async (session) => {
          await User.create([{ email: 'txok@x', name: 'Ok' }], { session });
          await User.create([{ email: 'txdup@x', name: 'Dup' }], { session });
        }),
      ).rejects.toMatchObject({ code: 11000 });
      expect(await User.countDocuments({ email: 'txok@x' })).toBe(0);
    });
  });
});
