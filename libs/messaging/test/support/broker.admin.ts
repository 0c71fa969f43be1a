import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import amqp, { type Channel, type ChannelModel, type GetMessage, type Options } from 'amqplib';
import { userOfAmqpUrl } from '../../src/broker-identity';
import { topologyNames } from '../../src/messaging.topology';

export const AMQP_URL = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

/**
 * A plain amqplib client: inspects queues, publishes like a non-Nest system, cleans up. Connected
 * as the administrator by default, or as a given user (e.g. a service's) to publish as that user.
 */
export class BrokerAdmin {
  private constructor(private readonly model: ChannelModel, readonly channel: Channel, readonly user: string) {}

  static async connect(url = AMQP_URL): Promise<BrokerAdmin> {
    const model = await amqp.connect(url);
    // A failed check (e.g. a queue a late probe asks about) closes the channel: surface it in
    // the test that made it, never as an unhandled 'error' event that kills the Jest worker.
    model.on('error', () => undefined);
    const channel = await model.createConfirmChannel();
    channel.on('error', () => undefined);
    return new BrokerAdmin(model, channel, userOfAmqpUrl(url));
  }

  async messageCount(queue: string): Promise<number> {
    return (await this.channel.checkQueue(queue)).messageCount;
  }

  /** Takes (and acks) every message now in the queue. */
  async drain(queue: string): Promise<GetMessage[]> {
    const taken: GetMessage[] = [];
    for (let message = await this.channel.get(queue); message; message = await this.channel.get(queue)) {
      this.channel.ack(message);
      taken.push(message);
    }
    return taken;
  }

  /** Stamps `user_id` with the connection's user, as the services do, unless `options` says otherwise. */
  async publish(exchange: string, routingKey: string, body: unknown, options: Options.Publish = {}): Promise<void> {
    const content = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    this.channel.publish(exchange, routingKey, content, { persistent: true, contentType: 'application/json', userId: this.user, ...options });
    await (this.channel as amqp.ConfirmChannel).waitForConfirms();
  }

  /** Deletes everything a test run declared under `exchange` (each on its own channel: a miss closes it). */
  async deleteTopology(exchange: string, services: string[], retryDelaysMs: number[], extraQueues: string[] = []): Promise<void> {
    const queues = [...extraQueues, `${exchange}.unroutable`];
    for (const service of services) {
      const names = topologyNames(exchange, service);
      queues.push(names.queue, names.deadLetterQueue, ...retryDelaysMs.map((delay) => names.retryQueue(delay)));
    }
    for (const queue of queues) await this.quietly((channel) => channel.deleteQueue(queue));
    for (const name of [exchange, `${exchange}.unroutable`]) await this.quietly((channel) => channel.deleteExchange(name));
  }

  async close(): Promise<void> {
    await this.model.close().catch(() => undefined);
  }

  private async quietly(action: (channel: Channel) => Promise<unknown>): Promise<void> {
    const channel = await this.model.createChannel();
    channel.on('error', () => undefined);
    await action(channel).catch(() => undefined);
    await channel.close().catch(() => undefined);
  }
}

const exec = promisify(execFile);

/** Closes a client connection from the broker side, as an operator or a network failure would. */
export async function closeConnectionByName(name: string): Promise<boolean> {
  const { stdout } = await exec('rabbitmqctl', ['list_connections', '-q', '--no-table-headers', 'pid', 'client_properties']);
  const line = stdout.split('\n').find((row) => row.includes(name));
  if (!line) return false;
  await exec('rabbitmqctl', ['close_connection', line.split(/\s+/)[0], 'test: simulated connection loss']);
  return true;
}
