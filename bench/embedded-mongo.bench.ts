// Embedded MongoDB-compatible server through the official driver: bulk and single inserts into
// a collection with a unique index, then indexed findOne and updateOne on 1,000 / 10,000 /
// 100,000 documents, as ratios to 1,000 (an index lookup should cost about the same at every size).
import { MongoClient, type Collection, type Db } from 'mongodb';
import { EmbeddedMongo } from '@support-hub/embedded-mongo';
import { ratioTo, scaleLevels } from './support/scale-levels';

const TOTAL = Math.min(Number(process.env.BENCH_MONGO_DOCS ?? 100_000), Number(process.env.BENCH_SCALE_MAX ?? Infinity));
const BATCH = 1_000;
const SINGLE_SAMPLE = 2_000;
const OPERATIONS = 5_000;

function perSecond(count: number, ms: number): number {
  return Math.round((count / ms) * 1000);
}

function doc(i: number) {
  return { email: `user${i}@example.com`, name: `User ${i}`, tenant: `t${i % 50}`, createdAt: new Date(), visits: 0 };
}

async function timed(run: () => Promise<void>): Promise<number> {
  const started = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

async function fill(collection: Collection, count: number): Promise<number> {
  await collection.createIndex({ email: 1 }, { unique: true });
  return timed(async () => {
    for (let start = 0; start < count; start += BATCH) {
      await collection.insertMany(Array.from({ length: Math.min(BATCH, count - start) }, (_, k) => doc(start + k)));
    }
  });
}

/** Operations/s of `operation` on documents spread over the collection (a stride prime to its size). */
async function rate(size: number, operation: (email: string) => Promise<boolean>): Promise<number> {
  const ms = await timed(async () => {
    for (let i = 0; i < OPERATIONS; i++) {
      if (!(await operation(`user${(i * 7919) % size}@example.com`))) throw new Error('indexed lookup missed a document');
    }
  });
  return perSecond(OPERATIONS, ms);
}

const findOne = (collection: Collection) => async (email: string) => (await collection.findOne({ email })) !== null;
const updateOne = (collection: Collection) => async (email: string) => (await collection.updateOne({ email }, { $inc: { visits: 1 }, $set: { seenAt: new Date() } })).matchedCount === 1;

async function curve(db: Db, bulk: { ms: number; docs: number }): Promise<Record<string, string | number>[]> {
  const rows: Record<string, string | number>[] = [];
  const sizes = scaleLevels(1_000).filter((size) => size <= TOTAL);
  let first: { find: number; update: number } | undefined;
  for (const size of sizes) {
    const collection = db.collection(`docs_${size}`);
    const fillMs = await fill(collection, size);
    if (size === sizes[sizes.length - 1]) Object.assign(bulk, { ms: fillMs, docs: size });
    await rate(size, findOne(collection)); // warm-up
    const find = await rate(size, findOne(collection));
    const update = await rate(size, updateOne(collection));
    first ??= { find, update };
    rows.push({ documents: size, 'findOne ops/s': find, 'find ratio': ratioTo(first.find, find), 'updateOne ops/s': update, 'update ratio': ratioTo(first.update, update) });
  }
  return rows;
}

export async function main(): Promise<void> {
  const server = await EmbeddedMongo.start({ port: 0 });
  const client = await new MongoClient(server.uri).connect();
  try {
    const db = client.db(`bench_embedded_${process.pid}`);
    const bulk = { ms: 0, docs: 0 };
    const rows = await curve(db, bulk);
    const singles = db.collection('singles');
    await singles.createIndex({ email: 1 }, { unique: true });
    const singleMs = await timed(async () => {
      for (let i = 0; i < SINGLE_SAMPLE; i++) await singles.insertOne(doc(i));
    });
    console.log('\n## Embedded mongo (unique index on email, raw driver)');
    console.table([
      { measure: `insertMany x${BATCH} (${bulk.docs} docs)`, 'ops/s': perSecond(bulk.docs, bulk.ms), 'total ms': Math.round(bulk.ms) },
      { measure: `insertOne (${SINGLE_SAMPLE} docs)`, 'ops/s': perSecond(SINGLE_SAMPLE, singleMs), 'total ms': Math.round(singleMs) },
    ]);
    console.log(`\n## Indexed findOne / updateOne by email, ${OPERATIONS} each, by collection size (target: ratios ~1)`);
    console.table(rows);
    await db.dropDatabase();
  } finally {
    await client.close();
    await server.stop();
  }
}

if (require.main === module) main().catch((error) => { console.error(error); process.exit(1); });
