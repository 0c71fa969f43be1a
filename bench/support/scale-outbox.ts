import amqp from 'amqplib';
import { randomUUID } from 'node:crypto';
import mongoose, { type Connection } from 'mongoose';
import { routingKeyOf } from '@support-hub/contracts';
import { Outbox, OutboxRelay } from '@support-hub/messaging';
import { eventually } from '@support-hub/testing';
import { freePort } from '../../test/support/system-under-test';
import { caseClosedData } from '../../libs/messaging/test/support/event.builders';
import { BenchBroker } from './bench-broker';
import { AMQP_URL, startService } from './bench-service';
import { printTable } from './load';
import { startEmbeddedMongo, stopProcess } from './processes';
import { ratioTo, scaleLevels } from './scale-levels';
import { round } from './stats';

/** Events per transaction while the backlog is recorded (distinct cases: no ordering between them). */
const PER_TRANSACTION = 100;

/** What an outage leaves: `count` committed case.closed events the relay has not published. */
async function recordBacklog(db: Connection, outbox: Outbox, count: number): Promise<void> {
  for (let start = 0; start < count; start += PER_TRANSACTION) {
    const events = Array.from({ length: Math.min(PER_TRANSACTION, count - start) }, () => {
      const caseId = randomUUID();
      return { type: 'case.closed' as const, aggregateId: caseId, data: caseClosedData({ caseId }) };
    });
    await db.transaction((session) => outbox.record(events, session));
  }
}

/**
 * A backlog of 100 / 1k / 10k events recorded with the relay stopped (as when the broker is
 * unreachable), then the relay started (the broker is back): events/s until every event is
 * on the broker, confirmed, and marked sent.
 */
export async function outboxScale(): Promise<void> {
  const broker = new BenchBroker('scale');
  const started: { server?: Awaited<ReturnType<typeof startEmbeddedMongo>>; db?: Connection; app?: Awaited<ReturnType<typeof startService>>; tap?: amqp.ChannelModel } = {};
  try {
    started.server = await startEmbeddedMongo(await freePort());
    await broker.provision();
    const url = new URL(started.server.uri);
    url.pathname = `/bench_outbox_${process.pid}`;
    const db = (started.db = await mongoose.createConnection(url.toString(), { autoIndex: true }).asPromise());
    const app = (started.app = await startService(db, broker.exchange, 'case', false, broker.loginOf('case')));
    const relay = app.get(OutboxRelay);
    // The bench's own queue on the events: it counts what arrives.
    const tap = (started.tap = await amqp.connect(AMQP_URL));
    const channel = await tap.createChannel();
    const queue = `${broker.exchange}.drain-tap`;
    await channel.assertQueue(queue, { durable: false });
    await channel.bindQueue(queue, broker.exchange, routingKeyOf('case.closed'));
    let arrived = 0;
    await channel.consume(queue, () => void (arrived += 1), { noAck: true });
    const outboxRows = db.collection('outbox_events');
    const rows: Record<string, string | number>[] = [];
    let first = 0;
    for (const level of scaleLevels(100)) {
      await relay.stop();
      arrived = 0;
      await recordBacklog(db, app.get(Outbox), level);
      const begun = process.hrtime.bigint();
      relay.start();
      await eventually(() => arrived >= level, { timeoutMs: 300_000, intervalMs: 5, what: `${level} events on the broker` });
      await eventually(async () => (await outboxRows.countDocuments({ status: 'pending' })) === 0, { timeoutMs: 60_000, intervalMs: 5, what: 'every event marked sent' });
      const seconds = Number(process.hrtime.bigint() - begun) / 1e9;
      const rate = level / seconds;
      first ||= rate;
      rows.push({ backlog: level, 'drained in s': round(seconds, 2), 'events/s': Math.round(rate), ratio: ratioTo(first, rate) });
    }
    printTable('Outbox drain after an outage: a backlog recorded with the relay stopped, then published, confirmed and marked sent (one replica)', rows);
  } finally {
    await started.tap?.close().catch(() => undefined);
    await started.app?.close().catch(() => undefined);
    await started.db?.close().catch(() => undefined);
    if (started.server) await stopProcess(started.server.process);
    await broker.remove();
  }
}
