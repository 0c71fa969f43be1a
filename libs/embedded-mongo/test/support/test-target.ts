import { randomBytes } from 'node:crypto';
import { MongoClient, type Db } from 'mongodb';
import { EmbeddedMongo } from '../../src';

/**
 * The server under test: the embedded one, or a real MongoDB (replica set, for transactions)
 * when MONGODB_URI is set, so the same suite checks both behave alike.
 */
export interface TestTarget {
  uri: string;
  embedded: EmbeddedMongo | null;
  stop(): Promise<void>;
}

export const usingRealMongo = Boolean(process.env.MONGODB_URI);

/** Use `it.embeddedOnly`-style gating for behaviour that only the embedded server promises. */
export const embeddedIt: jest.It = usingRealMongo ? it.skip : it;

export async function startTarget(): Promise<TestTarget> {
  if (process.env.MONGODB_URI) {
    return { uri: process.env.MONGODB_URI, embedded: null, stop: async () => undefined };
  }
  const embedded = await EmbeddedMongo.start({ port: 0 });
  return { uri: embedded.uri, embedded, stop: () => embedded.stop() };
}

/** A started target, a client connected to it and, named by `label`, a database of this run. */
export interface OpenTarget {
  target: TestTarget;
  client: MongoClient;
  db: Db;
}

export async function openTarget(label = 'default'): Promise<OpenTarget> {
  const target = await startTarget();
  const client = await new MongoClient(target.uri, { serverSelectionTimeoutMS: 5000 }).connect();
  return { target, client, db: client.db(databaseName(label)) };
}

/** Undoes `openTarget`, whatever part of it succeeded. */
export async function closeTarget(open: Partial<OpenTarget>): Promise<void> {
  await open.db?.dropDatabase();
  await open.client?.close();
  await open.target?.stop();
}

/** Unique per test file run, so parallel or leftover runs never share a database. */
export function databaseName(label: string): string {
  return `em_${label}_${randomBytes(4).toString('hex')}`;
}

/** Polls until `probe` is true or the deadline passes; never a fixed sleep. */
export async function waitFor(probe: () => Promise<boolean>, timeoutMs: number, intervalMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export function hostAndPort(uri: string): { host: string; port: number } {
  const match = /^mongodb:\/\/(?:[^@/]*@)?([^:/,?]+)(?::(\d+))?/.exec(uri);
  if (!match) throw new Error(`cannot parse ${uri}`);
  return { host: match[1], port: Number(match[2] ?? 27017) };
}
