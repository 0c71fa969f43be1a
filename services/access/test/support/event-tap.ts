import amqp, { type Channel, type ChannelModel } from 'amqplib';
import { routingKeyOf, type EventEnvelope, type EventType } from '@support-hub/contracts';

/**
 * Listens on the run's exchange like one more consumer (an exclusive, auto-deleted queue), so a
 * test can see which events the services published, and how many times.
 */
export class EventTap {
  readonly events: EventEnvelope[] = [];

  private constructor(
    private readonly connection: ChannelModel,
    private readonly channel: Channel,
  ) {}

  static async open(amqpUrl: string, exchange: string, types: EventType[]): Promise<EventTap> {
    const connection = await amqp.connect(amqpUrl);
    const channel = await connection.createChannel();
    const tap = new EventTap(connection, channel);
    const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
    for (const type of types) await channel.bindQueue(queue, exchange, routingKeyOf(type));
    await channel.consume(queue, (message) => {
      if (message) tap.events.push(JSON.parse(message.content.toString('utf8')) as EventEnvelope);
    }, { noAck: true });
    return tap;
  }

  of<T extends EventType>(type: T, where: (event: EventEnvelope<T>) => boolean = () => true): EventEnvelope<T>[] {
    return this.events.filter((event): event is EventEnvelope<T> => event.type === type).filter(where);
  }

  async close(): Promise<void> {
    await this.channel.close().catch(() => undefined);
    await this.connection.close().catch(() => undefined);
  }
}
