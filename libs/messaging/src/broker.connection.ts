import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { connect, type AmqpConnectionManager, type ChannelWrapper, type CreateChannelOpts } from 'amqp-connection-manager';
import { randomUUID } from 'node:crypto';
import { MESSAGING_OPTIONS, type ResolvedMessagingOptions } from './messaging.options';

/**
 * The one AMQP connection of a service (publisher and consumer channels share it). It
 * reconnects forever; channels re-run their setup on every reconnect. Closed last, on
 * application shutdown, after the consumer has drained and the relay has stopped.
 */
@Injectable()
export class BrokerConnection implements OnApplicationShutdown {
  private readonly logger = new Logger(BrokerConnection.name);
  /** Named so operators (and tests) can find it: `rabbitmqctl list_connections name`. */
  readonly name: string;
  private manager?: AmqpConnectionManager;

  constructor(@Inject(MESSAGING_OPTIONS) private readonly options: ResolvedMessagingOptions) {
    this.name = `${options.service}:${randomUUID()}`;
  }

  get connection(): AmqpConnectionManager {
    if (!this.manager) {
      this.manager = connect([this.options.amqpUrl], {
        heartbeatIntervalInSeconds: 5,
        reconnectTimeInSeconds: 1,
        // Without TCP_NODELAY, Nagle's algorithm meets the broker's delayed ACKs and every
        // small publish or ack waits ~40 ms (measured here: 44 ms vs 0.4 ms p50 round trip).
        connectionOptions: { noDelay: true, clientProperties: { connection_name: this.name } },
      });
      this.manager.on('connect', () => this.logger.log(`connected to the broker as ${this.name}`));
      this.manager.on('disconnect', ({ err }) => this.logger.warn(`broker connection lost: ${err?.message ?? 'closed'}`));
    }
    return this.manager;
  }

  createChannel(options: CreateChannelOpts): ChannelWrapper {
    return this.connection.createChannel(options);
  }

  isConnected(): boolean {
    return this.manager?.isConnected() ?? false;
  }

  onConnect(listener: () => void): void {
    this.connection.on('connect', listener);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.manager?.close();
    this.manager = undefined;
  }
}
