import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Channel, ConsumeMessage } from 'amqplib';
import { randomUUID } from 'node:crypto';
import { parseEnvelope, routingKeyOf, type EventEnvelope, type EventType } from '@support-hub/contracts';
import { BrokerConnection } from './broker.connection';
import { judgePublisher } from './broker-identity';
import { messagingMetrics } from './messaging.metrics';
import { MESSAGING_OPTIONS, type ResolvedMessagingOptions } from './messaging.options';
import { declareExchange, topologyNames } from './messaging.topology';

export type BroadcastListener = (event: EventEnvelope) => void;

/**
 * Every replica hears these events, unlike the service queue where replicas compete: for
 * keeping per-replica caches in step (e.g. the access service's index of live grants). Each
 * replica gets an exclusive, auto-deleted queue, declared again on every reconnect; what was
 * published before its queue was bound is not heard, so `onSubscribed` — called each time the
 * queue is bound and consumed, the first time included — is where a listener loads its state.
 * Delivery is best effort by design: durable effects belong on the service queue.
 * The broker connection closes these channels at shutdown, before itself.
 */
@Injectable()
export class EventBroadcasts {
  private readonly logger = new Logger(EventBroadcasts.name);

  constructor(
    private readonly broker: BrokerConnection,
    @Inject(MESSAGING_OPTIONS) private readonly options: ResolvedMessagingOptions,
  ) {}

  subscribe(types: readonly EventType[], listener: BroadcastListener, onSubscribed: () => void): void {
    this.broker.createChannel({
      json: false,
      setup: async (amqp: Channel) => {
        // Channels set up concurrently on connect: do not bind before the exchange exists.
        const names = topologyNames(this.options.exchange, this.options.service);
        await declareExchange(amqp, names);
        const { queue } = await amqp.assertQueue(names.broadcastQueue(randomUUID()), { exclusive: true, autoDelete: true, durable: false });
        for (const type of types) await amqp.bindQueue(queue, this.options.exchange, routingKeyOf(type));
        await amqp.consume(queue, (message) => message && this.deliver(message, listener), { noAck: true });
        onSubscribed();
      },
    });
  }

  private deliver(message: ConsumeMessage, listener: BroadcastListener): void {
    try {
      const event = parseEnvelope(JSON.parse(message.content.toString('utf8')));
      // Same rule as the service queue: only the owner's broker user is believed.
      const verdict = judgePublisher(event, message.properties, this.options.brokerUserPrefix, this.options.brokerUser);
      if (!verdict.trusted) {
        messagingMetrics.untrustedBroadcasts.inc({ service: this.options.service, type: event.type });
        this.logger.warn(`ignored an untrusted broadcast: ${verdict.reason}`);
        return;
      }
      listener(event);
    } catch (error) {
      this.logger.warn(`ignored a broadcast: ${(error as Error).message}`);
    }
  }
}
