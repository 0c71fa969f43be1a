// Publish→handled latency through the outbox, relay, broker and consumer, next to a raw amqplib
// publish→consume round trip and a single database write measured in the same run; then the
// sustained events/s of one consumer instance doing one database write per event.
// Run: `npm run bench` (BENCH_ONLY=messaging); BENCH_SECONDS sets the length of each load step.
import amqp from 'amqplib';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import mongoose, { type Connection } from 'mongoose';
import { routingKeyOf } from '@support-hub/contracts';
import { Outbox } from '@support-hub/messaging';
import { caseClosedData, caseClosedEvent } from '../libs/messaging/test/support/event.builders';
import { BenchBroker } from './support/bench-broker';
import { AMQP_URL, startService } from './support/bench-service';
import { printTable } from './support/load';
import { forkNode, startEmbeddedMongo, stopProcess } from './support/processes';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const RATES = (process.env.BENCH_RATES ?? '500,2000').split(',').map(Number);
/** Transactions in flight at once, as a service's request concurrency would bound them. */
const MAX_OPEN_TRANSACTIONS = 32;
/** The producing and consuming services log in as their own broker users, as in production. */
const BROKER = new BenchBroker('messaging');
const EXCHANGE = BROKER.exchange;

type ConsumerMessage = { ready: true } | { handled: string };

/** The consuming service in its own process; `onHandled` hears each case it handled (IPC). */
class ConsumerProcess {
  onHandled: (caseId: string) => void = () => undefined;
  private constructor(private readonly child: ChildProcess) {
    child.on('message', (message: ConsumerMessage) => {
      if ('handled' in message) this.onHandled(message.handled);
    });
  }

  static async start(db: string, mode: 'insert' | 'inbox'): Promise<ConsumerProcess> {
    const login = BROKER.loginOf('access');
    const child = forkNode('bench/support/consumer-process.js', {
      BENCH_CONSUMER_DB: db,
      BENCH_EXCHANGE: EXCHANGE,
      BENCH_MODE: mode,
      BENCH_AMQP_URL: login.amqpUrl,
      BENCH_USER_PREFIX: login.brokerUserPrefix,
    });
    const consumer = new ConsumerProcess(child);
    await new Promise<void>((resolve, reject) => {
      child.on('message', (message: ConsumerMessage) => 'ready' in message && resolve());
      child.once('exit', (code) => reject(new Error(`consumer process exited (${code}) before it was ready`)));
    });
    return consumer;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.send({ stop: true });
    await exited;
  }
}

interface Stats { p50: number; p99: number; count: number; lost: number }

function stats(samples: number[], expected: number): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { p50: at(0.5), p99: at(0.99), count: sorted.length, lost: expected - sorted.length };
}

const ms = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e6;

/** Open loop: `fire(i)` is called `rate` times a second whatever the latency, for SECONDS. */
async function openLoop(rate: number, fire: (index: number) => void): Promise<number> {
  const total = rate * SECONDS;
  const started = Date.now();
  let issued = 0;
  while (issued < total) {
    const due = Math.min(total, Math.floor(((Date.now() - started) / 1000) * rate));
    for (; issued < due; issued++) fire(issued);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return total;
}

async function waitFor(condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
}

/** Runs at most `limit` tasks at once; the rest wait in order (their wait counts as latency). */
function limiter(limit: number): (task: () => Promise<unknown>) => void {
  let running = 0;
  const waiting: (() => void)[] = [];
  const run = (task: () => Promise<unknown>) => {
    running++;
    void task().finally(() => {
      running--;
      waiting.shift()?.();
    });
  };
  return (task) => (running < limit ? run(task) : waiting.push(() => run(task)));
}

/**
 * The outbox path's latency, and where it goes: waiting for one of the transaction slots, the
 * producer's transaction, and commit → handled (relay, broker, consumer and its insert).
 */
interface OutboxStats extends Stats {
  stages: { waitingForSlot: Stats; transaction: Stats; committedToHandled: Stats };
}

async function outboxLatency(rate: number, producerDb: Connection, outbox: Outbox, consumer: ConsumerProcess): Promise<OutboxStats> {
  const submit = limiter(MAX_OPEN_TRANSACTIONS);
  const starts = new Map<string, bigint>();
  const committedAt = new Map<string, bigint>();
  const samples: number[] = [];
  const stages = { waitingForSlot: [] as number[], transaction: [] as number[], committedToHandled: [] as number[] };
  const failures: string[] = [];
  consumer.onHandled = (caseId) => {
    const start = starts.get(caseId);
    if (start !== undefined) samples.push(ms(start));
    const committed = committedAt.get(caseId);
    if (committed !== undefined) stages.committedToHandled.push(ms(committed));
  };
  const total = await openLoop(rate, () => {
    const caseId = randomUUID();
    const start = process.hrtime.bigint();
    starts.set(caseId, start);
    submit(() => {
      const admitted = process.hrtime.bigint();
      stages.waitingForSlot.push(ms(start));
      return producerDb
        .transaction((session) => outbox.record([{ type: 'case.closed', aggregateId: caseId, data: caseClosedData({ caseId }) }], session))
        .then(() => {
          stages.transaction.push(ms(admitted));
          committedAt.set(caseId, process.hrtime.bigint());
        })
        .catch((error: Error) => failures.push(error.message));
    });
  });
  await waitFor(() => samples.length + failures.length >= total);
  if (failures.length > 0) console.error(`${failures.length} outbox transactions failed at ${rate}/s, e.g. ${failures[0]}`);
  return {
    ...stats(samples, total),
    stages: {
      waitingForSlot: stats(stages.waitingForSlot, total),
      transaction: stats(stages.transaction, total),
      committedToHandled: stats(stages.committedToHandled, total),
    },
  };
}

const STAGE_LABELS: Record<keyof OutboxStats['stages'], string> = {
  waitingForSlot: `  of which waiting for one of ${MAX_OPEN_TRANSACTIONS} transaction slots`,
  transaction: '  of which the outbox transaction',
  committedToHandled: '  of which commit → handled (relay, broker, consumer, insert)',
};

function stageRows(stages: OutboxStats['stages']): Record<string, string | number>[] {
  return (Object.keys(stages) as (keyof OutboxStats['stages'])[]).map((stage) => ({
    path: STAGE_LABELS[stage],
    'p50 ms': stages[stage].p50.toFixed(2),
    'p99 ms': stages[stage].p99.toFixed(2),
    lost: '',
  }));
}

async function rawLatency(rate: number, channel: amqp.ConfirmChannel, queue: string): Promise<Stats> {
  const starts = new Map<string, bigint>();
  const samples: number[] = [];
  const { consumerTag } = await channel.consume(queue, (message) => {
    if (!message) return;
    const start = starts.get(message.properties.messageId as string);
    if (start !== undefined) samples.push(ms(start));
    channel.ack(message);
  });
  const total = await openLoop(rate, () => {
    const event = caseClosedEvent();
    starts.set(event.id, process.hrtime.bigint());
    channel.publish('', queue, Buffer.from(JSON.stringify(event)), { persistent: true, messageId: event.id });
  });
  await waitFor(() => samples.length >= total);
  await channel.cancel(consumerTag);
  return stats(samples, total);
}

async function writeLatency(rate: number, db: Connection): Promise<Stats> {
  const samples: number[] = [];
  const total = await openLoop(rate, (index) => {
    const start = process.hrtime.bigint();
    void db.collection('write_baseline').insertOne({ index, at: new Date() }).then(() => samples.push(ms(start)));
  });
  await waitFor(() => samples.length >= total);
  return stats(samples, total);
}

/** Events/s of a fresh consumer instance working through `count` queued events, first to last handled. */
async function sustained(consumerDbUrl: string, mode: 'insert' | 'inbox', count: number): Promise<number> {
  // Published as the case service, the owner of case.closed: anyone else's would be dead-lettered.
  const asCase = await amqp.connect(BROKER.amqpUrlOf('case'));
  const channel = await asCase.createConfirmChannel();
  const userId = `${BROKER.prefix}case`;
  for (let i = 0; i < count; i++) {
    const key = routingKeyOf('case.closed');
    channel.publish(EXCHANGE, key, Buffer.from(JSON.stringify(caseClosedEvent())), { persistent: true, type: key, userId });
  }
  await channel.waitForConfirms();
  await asCase.close();
  let handled = 0;
  let first = 0n;
  let last = 0n;
  const consumer = await ConsumerProcess.start(consumerDbUrl, mode);
  consumer.onHandled = () => {
    last = process.hrtime.bigint();
    if (handled++ === 0) first = last;
  };
  try {
    await waitFor(() => handled >= count, 120_000);
  } finally {
    await consumer.stop();
  }
  return (handled - 1) / (Number(last - first) / 1e9);
}

export async function main(): Promise<void> {
  // One server process per service database and the consuming service in a process of its
  // own, as `npm start` runs them: this process is the producing service and the load.
  // MONGODB_URI runs both databases on a real server. Whatever started is stopped and
  // whatever was declared on the broker is deleted in `finally`, also when a step fails.
  const servers: Awaited<ReturnType<typeof startEmbeddedMongo>>[] = [];
  const connections: Connection[] = [];
  let rawConnection: amqp.ChannelModel | undefined;
  let producer: Awaited<ReturnType<typeof startService>> | undefined;
  let consumer: ConsumerProcess | undefined;
  try {
    if (!process.env.MONGODB_URI) servers.push(...(await Promise.all([27991, 27992].map(startEmbeddedMongo))));
    await BROKER.provision();
    const url = (index: number, db: string) => {
      const parsed = new URL(process.env.MONGODB_URI ?? servers[index].uri);
      parsed.pathname = `/${db}`;
      return parsed.toString();
    };
    const producerDb = await mongoose.createConnection(url(0, `bench_case_${process.pid}`), { autoIndex: true }).asPromise();
    connections.push(producerDb);
    const consumerDbUrl = url(1, `bench_access_${process.pid}`);
    const consumerDb = await mongoose.createConnection(consumerDbUrl, { autoIndex: true }).asPromise();
    connections.push(consumerDb);
    rawConnection = await amqp.connect(AMQP_URL, { noDelay: true });
    const raw = await rawConnection.createConfirmChannel();
    const rawQueue = `${EXCHANGE}.raw`;
    await raw.assertQueue(rawQueue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
    producer = await startService(producerDb, EXCHANGE, 'case', false, BROKER.loginOf('case'));
    consumer = await ConsumerProcess.start(consumerDbUrl, 'insert');
    const outbox = producer.get(Outbox);
    await outboxLatency(200, producerDb, outbox, consumer); // warm-up
    const rows: Record<string, string | number>[] = [];
    for (const rate of RATES) {
      const rawStats = await rawLatency(rate, raw, rawQueue);
      const write = await writeLatency(rate, consumerDb);
      const ours = await outboxLatency(rate, producerDb, outbox, consumer);
      const budget = rawStats.p99 + write.p99;
      rows.push(
        { path: `raw amqplib publish→consume @${rate}/s`, 'p50 ms': rawStats.p50.toFixed(2), 'p99 ms': rawStats.p99.toFixed(2), lost: rawStats.lost },
        { path: `one insertOne @${rate}/s`, 'p50 ms': write.p50.toFixed(2), 'p99 ms': write.p99.toFixed(2), lost: write.lost },
        { path: `outbox→relay→consumer→insert @${rate}/s`, 'p50 ms': ours.p50.toFixed(2), 'p99 ms': ours.p99.toFixed(2), lost: ours.lost },
        ...stageRows(ours.stages),
        { path: `ratio p99 ours / (raw + write) @${rate}/s (target <= 3)`, 'p50 ms': '', 'p99 ms': (ours.p99 / budget).toFixed(2), lost: '' },
      );
    }
    printTable(`Publish→handled latency (${SECONDS} s per step)`, rows);
    await consumer.stop();
    const count = Number(process.env.BENCH_SUSTAINED_EVENTS ?? 10_000);
    const insert = await sustained(consumerDbUrl, 'insert', count);
    const inbox = await sustained(consumerDbUrl, 'inbox', count);
    printTable(`Sustained consumption, one instance in its own process, ${count} queued events, first to last handled (target >= 1000/s)`, [
      { handler: 'one insertOne per event', 'events/s': Math.round(insert) },
      { handler: 'inbox + insertOne in a transaction', 'events/s': Math.round(inbox) },
    ]);
  } finally {
    await Promise.allSettled([producer?.close(), consumer?.stop()]);
    await rawConnection?.close().catch(() => undefined);
    await BROKER.remove();
    if (process.env.MONGODB_URI) await Promise.allSettled(connections.map((connection) => connection.dropDatabase()));
    await Promise.allSettled(connections.map((connection) => connection.close()));
    await Promise.all(servers.map((server) => stopProcess(server.process)));
  }
}

if (require.main === module) main().then(() => process.exit(0), (error) => { console.error(error); process.exit(1); });
