import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import amqp from 'amqplib';

const run = promisify(execFile);

/**
 * Deletes what a test run declared on the machine's RabbitMQ: every queue and exchange
 * whose name starts with the run's exchange name (the topology derives all its names
 * from it), so repeated runs leave the broker as they found it.
 */
export async function deleteBrokerObjects(amqpUrl: string, exchange: string): Promise<void> {
  const { stdout } = await run('rabbitmqctl', ['list_queues', '-q', '--no-table-headers', 'name']).catch(() => ({ stdout: '' }));
  const queues = stdout.split('\n').map((line) => line.trim()).filter((name) => name === exchange || name.startsWith(`${exchange}.`));
  const connection = await amqp.connect(amqpUrl);
  try {
    const channel = await connection.createChannel();
    for (const queue of queues) await channel.deleteQueue(queue);
    for (const name of [exchange, `${exchange}.unroutable`]) await channel.deleteExchange(name);
    await channel.close();
  } finally {
    await connection.close();
  }
}
