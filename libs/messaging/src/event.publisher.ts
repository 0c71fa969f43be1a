import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { ChannelWrapper } from 'amqp-connection-manager';
import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import { parseEnvelope, routingKeyOf, type EventEnvelope } from '@support-hub/contracts';
import { BrokerConnection } from './broker.connection';
import { messagingMetrics } from './messaging.metrics';
import { MESSAGING_OPTIONS, type ResolvedMessagingOptions } from './messaging.options';
import { declareExchange, topologyNames } from './messaging.topology';

/**
 * Publishes envelopes with publisher confirms. Only the outbox relay calls it: business code
 * records events in the outbox so that they are published exactly when their state commits.
 */
@Injectable()
export class EventPublisher implements OnModuleInit {
  private readonly logger = new Logger(EventPublisher.name);
  private channel?: ChannelWrapper;

  constructor(
    private readonly broker: BrokerConnection,
    @Inject(MESSAGING_OPTIONS) private readonly options: ResolvedMessagingOptions,
  ) {}

  onModuleInit(): void {
    const names = topologyNames(this.options.exchange, this.options.service);
    this.channel = this.broker.createChannel({
      name: 'publisher',
      confirm: true,
      publishTimeout: this.options.publishTimeoutMs,
      setup: async (channel: ConfirmChannel) => {
        channel.on('return', (message: ConsumeMessage) => this.onReturned(message));
        await declareExchange(channel, names);
      },
    });
  }

  /** Resolves once the broker has the message (confirm); rejects on timeout or a broker nack. */
  async publish(envelope: EventEnvelope): Promise<void> {
    // The contract is checked on the way out too: a bad event fails in its producer, not in every consumer.
    const valid = parseEnvelope(envelope);
    const routingKey = routingKeyOf(valid.type);
    await this.requireChannel().publish(this.options.exchange, routingKey, Buffer.from(JSON.stringify(envelope)), {
      persistent: true,
      mandatory: true,
      messageId: valid.id,
      type: routingKey,
      correlationId: valid.correlationId,
      timestamp: Math.floor(Date.parse(valid.occurredAt) / 1000),
      contentType: 'application/json',
      appId: valid.source,
      // The broker refuses a user_id that is not the connection's: consumers can believe it.
      userId: this.options.brokerUser,
    });
    messagingMetrics.published.inc({ service: this.options.service, type: valid.type });
  }

  async close(): Promise<void> {
    await this.channel?.close();
    this.channel = undefined;
  }

  private requireChannel(): ChannelWrapper {
    if (!this.channel) throw new Error('EventPublisher used before module init or after close');
    return this.channel;
  }

  // The alternate exchange makes every publish routable; a return means the exchange itself is
  // misconfigured, so it is loud.
  private onReturned(message: ConsumeMessage): void {
    messagingMetrics.returned.inc({ service: this.options.service, routing_key: message.fields.routingKey });
    this.logger.error(`unroutable event ${message.properties.messageId} (${message.fields.routingKey}) returned by the broker`);
  }
}
