import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { connect, type AmqpConnectionManager, type ChannelWrapper, type CreateChannelOpts } from 'amqp-connection-manager';
import { randomUUID } from 'node:crypto';
import { MESSAGING_OPTIONS, type ResolvedMessagingOptions } from './messaging.options';

/** How long shutdown waits for the broker to confirm a channel or connection close. */
const CLOSE_TIMEOUT_MS = 2_000;

/**
 * The one AMQP connection of a service (publisher and consumer channels share it). It
 * reconnects forever; channels re-run their setup on every reconnect. Closed last, on
 * application shutdown, after the consumer has drained and the relay has stopped.
 * It owns the channels it hands out: it closes them before the connection, because an
 * amqplib channel whose connection closes under its close request never settles (Nest runs
 * one module's shutdown hooks in parallel, so their owners cannot be relied on to go first).
 */
@Injectable()
export class BrokerConnection implements OnApplicationShutdown {
  private readonly logger = new Logger(BrokerConnection.name);
  /** Named so operators (and tests) can find it: `rabbitmqctl list_connections name`. */
  readonly name: string;
  private manager?: AmqpConnectionManager;
  private readonly channels = new Set<ChannelWrapper>();

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
    const channel = this.connection.createChannel(options);
    this.channels.add(channel);
    channel.once('close', () => this.channels.delete(channel));
    return channel;
  }

  isConnected(): boolean {
    return this.manager?.isConnected() ?? false;
  }

  onConnect(listener: () => void): void {
    this.connection.on('connect', listener);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.channels].map((channel) => withinCloseTimeout(channel.close())));
    await withinCloseTimeout(this.manager?.close());
    this.manager = undefined;
  }
}

/** A close the broker never confirms (it is gone, or the socket is) must not hold shutdown. */
async function withinCloseTimeout(closing: Promise<unknown> | undefined): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_TIMEOUT_MS)));
  try {
    await Promise.race([closing?.catch(() => undefined), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
