// Embedded MongoDB-compatible server through the official driver: bulk and single inserts into
// a collection with a unique index, and indexed findOne on 1,000 vs 100,000 documents (an index
// lookup should cost about the same at both sizes).
import { MongoClient, type Collection } from 'mongodb';
import { EmbeddedMongo } from '@support-hub/embedded-mongo';

const TOTAL = Number(process.env.BENCH_MONGO_DOCS ?? 100_000);
const BATCH = 1_000;
const SINGLE_SAMPLE = 2_000;
const FINDS = 5_000;

function perSecond(count: number, ms: number): number {
  return Math.round((count / ms) * 1000);
}

function doc(i: number) {
  return { email: `user${i}@example.com`, name: `User ${i}`, tenant: `t${i % 50}`, createdAt: new Date() };
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

async function findRate(collection: Collection, size: number): Promise<number> {
  const ms = await timed(async () => {
    for (let i = 0; i < FINDS; i++) {
      const found = await collection.findOne({ email: `user${(i * 7919) % size}@example.com` });
      if (!found) throw new Error('indexed lookup missed a document');
    }
  });
  return perSecond(FINDS, ms);
}

export async function main(): Promise<void> {
  const server = await EmbeddedMongo.start({ port: 0 });
  const client = await new MongoClient(server.uri).connect();
  try {
    const db = client.db(`bench_embedded_${process.pid}`);
    const big = db.collection('big');
    const bulkMs = await fill(big, TOTAL);
    const singles = db.collection('singles');
    await singles.createIndex({ email: 1 }, { unique: true });
    const singleMs = await timed(async () => {
      for (let i = 0; i < SINGLE_SAMPLE; i++) await singles.insertOne(doc(i));
    });
    const small = db.collection('small');
    await fill(small, 1_000);
    await findRate(small, 1_000); // warm-up
    const smallRate = await findRate(small, 1_000);
    const bigRate = await findRate(big, TOTAL);
    console.log('\n## Embedded mongo (unique index on email, raw driver)');
    console.table([
      { measure: `insertMany x${BATCH} (${TOTAL} docs)`, 'ops/s': perSecond(TOTAL, bulkMs), 'total ms': Math.round(bulkMs) },
      { measure: `insertOne (${SINGLE_SAMPLE} docs)`, 'ops/s': perSecond(SINGLE_SAMPLE, singleMs), 'total ms': Math.round(singleMs) },
      { measure: 'indexed findOne, 1,000 docs', 'ops/s': smallRate, 'total ms': Math.round((FINDS / smallRate) * 1000) },
      { measure: `indexed findOne, ${TOTAL} docs`, 'ops/s': bigRate, 'total ms': Math.round((FINDS / bigRate) * 1000) },
      { measure: `ratio findOne ${TOTAL} / 1,000 (target ~1)`, 'ops/s': (bigRate / smallRate).toFixed(2), 'total ms': '' },
    ]);
    await db.dropDatabase();
  } finally {
    await client.close();
    await server.stop();
  }
}

if (require.main === module) main().catch((error) => { console.error(error); process.exit(1); });
