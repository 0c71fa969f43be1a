import { MongoClient } from 'mongodb';
import { appendFileSync, cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedMongo } from '../src';
import { PersistenceLog } from '../src/persistence/persistence-log';
import { StorageEngine } from '../src/storage/storage-engine';
import type { StorageChange } from '../src/storage/storage-change';
import { usingRealMongo } from './support/test-target';

/** Persistence is the embedded server's own feature: nothing to compare against a real mongod. */
(usingRealMongo ? describe.skip : describe)('embedded mongo persistence', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'embedded-mongo-'));
    dirs.push(dir);
    return dir;
  };

  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  async function withServer<T>(dataDir: string, run: (client: MongoClient) => Promise<T>): Promise<T> {
    const server = await EmbeddedMongo.start({ dataDir });
    const client = await new MongoClient(server.uri, { serverSelectionTimeoutMS: 5000 }).connect();
    try {
      return await run(client);
    } finally {
      await client.close();
      await server.stop();
    }
  }

  it('keeps documents, indexes and committed transactions across stop/start', async () => {
    const dataDir = tempDir();
    await withServer(dataDir, async (client) => {
      const users = client.db('app').collection('users');
      await users.createIndex({ email: 1 }, { unique: true });
      await users.insertMany([{ email: 'a' }, { email: 'b' }, { email: 'c' }]);
      await users.updateOne({ email: 'b' }, { $set: { name: 'Bee' } });
      await users.deleteOne({ email: 'c' });
      const session = client.startSession();
      await session.withTransaction(async () => {
        await users.insertOne({ email: 'tx' }, { session });
      });
      session.startTransaction();
      await users.insertOne({ email: 'rolled-back' }, { session });
      await session.abortTransaction();
      await session.endSession();
      await client.db('gone').collection('x').insertOne({});
      await client.db('gone').dropDatabase();
    });
    await withServer(dataDir, async (client) => {
      const users = client.db('app').collection('users');
      const emails = (await users.find({}, { sort: { email: 1 } }).toArray()).map((doc) => doc.email);
      expect(emails).toEqual(['a', 'b', 'tx']);
      expect(await users.findOne({ email: 'b' })).toMatchObject({ name: 'Bee' });
      await expect(users.insertOne({ email: 'a' })).rejects.toMatchObject({ code: 11000 });
      const dbs = (await client.db().admin().listDatabases()).databases.map((info) => info.name);
      expect(dbs).not.toContain('gone');
    });
  });

  it('has an acknowledged write on disk before replying, and survives a torn tail', async () => {
    const dataDir = tempDir();
    const server = await EmbeddedMongo.start({ dataDir });
    const client = await new MongoClient(server.uri).connect();
    await client.db('app').collection('c').insertOne({ acknowledged: true });
    // Copy the folder while the first server still runs (nothing flushed on stop): a crash image.
    const crashImage = tempDir();
    cpSync(dataDir, crashImage, { recursive: true });
    await client.close();
    await server.stop();
    const log = readdirSync(crashImage).find((file) => file.startsWith('log-'))!;
    appendFileSync(join(crashImage, log), Buffer.from([0x40, 0, 0, 0, 3, 1]));
    await withServer(crashImage, async (recovered) => {
      expect(await recovered.db('app').collection('c').findOne({}, { projection: { _id: 0 } })).toEqual({ acknowledged: true });
      await recovered.db('app').collection('c').insertOne({ after: 'recovery' });
    });
    await withServer(crashImage, async (again) => {
      expect(await again.db('app').collection('c').countDocuments()).toBe(2);
    });
  });

  it('compacts the log into a snapshot and recovers from both', () => {
    const dataDir = tempDir();
    const engine = new StorageEngine();
    const log = PersistenceLog.open(dataDir, engine);
    const changes: StorageChange[] = [];
    engine.setSink((change) => changes.push(change));
    const store = engine.ensureCollection('db', 'c');
    store.createIndex({ v: 2, key: { k: 1 }, name: 'k_1', unique: true });
    for (let i = 0; i < 100; i++) store.insert({ _id: i, k: `k${i}` });
    log.append(changes.splice(0));
    log.compact(engine);
    store.delete('n5');
    store.insert({ _id: 1000, k: 'late' });
    log.append(changes.splice(0));
    log.close();
    expect(readdirSync(dataDir).sort()).toEqual(['log-1.bson', 'snapshot.bson']);

    const reloaded = new StorageEngine();
    PersistenceLog.open(dataDir, reloaded).close();
    const copy = reloaded.collection('db', 'c')!;
    expect(copy.docs.size).toBe(100);
    expect(copy.get('n5')).toBeUndefined();
    expect(copy.get('n1000')).toEqual({ _id: 1000, k: 'late' });
    expect(() => copy.insert({ k: 'late' })).toThrow(/E11000/);
  });
});
