// Diagnostic (not a bench): where the close→revoked time goes, event by event.
import amqp from 'amqplib';
import { performance } from 'node:perf_hooks';
import { eventually } from '@support-hub/testing';
import { SystemUnderTest } from '../../test/support/system-under-test';
import { canRead, closeCase, onboardCustomer, openCase } from './customer';

async function main(): Promise<void> {
  const sut = await SystemUnderTest.start({}, { LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '1000000' });
  const connection = await amqp.connect(sut.amqpUrl, { noDelay: true });
  const channel = await connection.createChannel();
  const { queue } = await channel.assertQueue('', { exclusive: true });
  await channel.bindQueue(queue, sut.exchange, '#');
  const seen: { type: string; at: number; occurredAt: string }[] = [];
  await channel.consume(queue, (m) => { if (m) seen.push({ type: m.properties.type, at: performance.now(), occurredAt: JSON.parse(m.content.toString()).occurredAt }); }, { noAck: true });
  try {
    const customer = await onboardCustomer(sut, 'c0c0c0c0');
    for (let i = 0; i < 5; i++) {
      const caseId = await openCase(sut, customer);
      await eventually(() => canRead(sut, customer), { what: 'consent', intervalMs: 2 });
      seen.length = 0;
      const t0 = performance.now();
      await closeCase(sut, customer, caseId);
      const t1 = performance.now();
      while (await canRead(sut, customer)) await new Promise((r) => setTimeout(r, 5));
      const t2 = performance.now();
      await new Promise((r) => setTimeout(r, 200));
      console.log(`close request ${(t1 - t0).toFixed(1)} ms, refused after ${(t2 - t1).toFixed(1)} ms;`, seen.map((e) => `${e.type} +${(e.at - t0).toFixed(1)}ms`).join(', '));
    }
  } finally {
    await connection.close();
    await sut.stop();
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
