import { randomUUID } from 'node:crypto';
import amqp, { type Channel, type ChannelModel, type ConfirmChannel, type GetMessage, type Options } from 'amqplib';
import { routingKeyOf, type EventEnvelope, type EventType } from '@support-hub/contracts';

/**
 * The bus as another system sees it: a plain amqplib connection to the run's exchange. Taps
 * (exclusive, auto-deleted queues) record what the services publish; raw publishes put
 * anything on the bus, including what no well-behaved service would send.
 */
export class Bus {
  private readonly taps: { queue: string; events: EventEnvelope[] }[] = [];

  private constructor(
    private readonly connection: ChannelModel,
    private readonly channel: ConfirmChannel,
    readonly exchange: string,
  ) {}

  static async open(amqpUrl: string, exchange: string): Promise<Bus> {
    const connection = await amqp.connect(amqpUrl);
    // A failed passive check closes the channel: report it where it happened, never as an
    // unhandled 'error' event that kills the Jest worker.
    connection.on('error', () => undefined);
    const channel = await connection.createConfirmChannel();
    channel.on('error', () => undefined);
    return new Bus(connection, channel, exchange);
  }

  /** Starts recording every event of these types published from now on; returns the live list. */
  async tap(types: EventType[]): Promise<EventEnvelope[]> {
    const { queue } = await this.channel.assertQueue('', { exclusive: true, autoDelete: true });
    for (const type of types) await this.channel.bindQueue(queue, this.exchange, routingKeyOf(type));
    const events: EventEnvelope[] = [];
    await this.channel.consume(queue, (message) => {
      if (message) events.push(JSON.parse(message.content.toString('utf8')) as EventEnvelope);
    }, { noAck: true });
    this.taps.push({ queue, events });
    return events;
  }

  /** Publishes raw bytes, persistent and confirmed, to the run's exchange (or another one, e.g. '' = the default exchange). */
  async publishRaw(routingKey: string, body: Buffer | string, options: Options.Publish = {}, exchange = this.exchange): Promise<void> {
    // A channel of its own: a refused publish closes its channel, never the taps' one.
    const channel = await this.connection.createConfirmChannel();
    channel.on('error', () => undefined);
    try {
      channel.publish(exchange, routingKey, Buffer.isBuffer(body) ? body : Buffer.from(body), {
        persistent: true,
        contentType: 'application/json',
        messageId: randomUUID(),
        ...options,
      });
      await channel.waitForConfirms();
    } finally {
      await channel.close().catch(() => undefined);
    }
  }

  /** An envelope as a well-behaved publisher would send it. */
  static envelope<T extends EventType>(type: T, data: unknown, extra: Partial<EventEnvelope> = {}): EventEnvelope<T> {
    return {
      id: randomUUID(),
      type,
      version: 1,
      source: 'system-test',
      occurredAt: new Date().toISOString(),
      correlationId: randomUUID(),
      causationId: null,
      ...extra,
      data,
    } as EventEnvelope<T>;
  }

  async messageCount(queue: string): Promise<number> {
    const probe = await this.connection.createChannel();
    probe.on('error', () => undefined);
    try {
      return (await probe.checkQueue(queue)).messageCount;
    } finally {
      await probe.close().catch(() => undefined);
    }
  }

  /** Takes every message now in a queue (acked: the run owns its queues). */
  async drain(queue: string): Promise<GetMessage[]> {
    const channel: Channel = await this.connection.createChannel();
    channel.on('error', () => undefined);
    const messages: GetMessage[] = [];
    try {
      for (;;) {
        const message = await channel.get(queue, { noAck: true });
        if (!message) break;
        messages.push(message);
      }
    } finally {
      await channel.close().catch(() => undefined);
    }
    return messages;
  }

  async close(): Promise<void> {
    await this.channel.close().catch(() => undefined);
    await this.connection.close().catch(() => undefined);
  }
}
