import amqp from 'amqplib';
import { performance } from 'node:perf_hooks';

/**
 * The floor any event-driven figure stands on: a persistent message published with amqplib
 * to a queue and consumed back by the same process, one at a time.
 */
export async function rawRoundTripsMs(amqpUrl: string, count: number): Promise<number[]> {
  const connection = await amqp.connect(amqpUrl, { noDelay: true });
  const channel = await connection.createConfirmChannel();
  const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
  const samples: number[] = [];
  let resolveNext: (() => void) | null = null;
  await channel.consume(queue, (message) => {
    if (message) channel.ack(message);
    resolveNext?.();
  });
  for (let i = 0; i < count; i += 1) {
    const started = performance.now();
    const received = new Promise<void>((resolve) => (resolveNext = resolve));
    channel.sendToQueue(queue, Buffer.from(JSON.stringify({ i })), { persistent: true });
    await received;
    samples.push(performance.now() - started);
  }
  await connection.close();
  return samples;
}
