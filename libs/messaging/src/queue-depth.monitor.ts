import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { BrokerConnection } from './broker.connection';
import { messagingMetrics } from './messaging.metrics';
import { MESSAGING_OPTIONS, type ResolvedMessagingOptions } from './messaging.options';
import { topologyNames } from './messaging.topology';

/** The queues whose depth an operator watches, by the role they play for this service. */
type WatchedQueue = 'inbox' | 'dead-letter' | 'unroutable';

/**
 * Samples queue depths into `messaging_queue_depth{service,queue}`: a dead-letter queue that
 * grows needs an operator (`npm run dlq`), an inbox that grows needs replicas, an unroutable
 * queue that grows names a type nobody consumes. Sampled on a timer rather than on scrape, so a
 * scrape never waits on the broker; a broker that is down leaves the last sample.
 */
@Injectable()
export class QueueDepthMonitor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(QueueDepthMonitor.name);
  private timer?: NodeJS.Timeout;
  private readonly queues: [WatchedQueue, string][];

  constructor(
    @Inject(BrokerConnection) private readonly broker: BrokerConnection,
    @Inject(MESSAGING_OPTIONS) private readonly options: ResolvedMessagingOptions,
  ) {
    const names = topologyNames(options.exchange, options.service);
    // A service that consumes nothing has no queues of its own (see EventConsumer).
    this.queues = options.consumes.length === 0
      ? [['unroutable', names.unroutableQueue]]
      : [['inbox', names.queue], ['dead-letter', names.deadLetterQueue], ['unroutable', names.unroutableQueue]];
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sample(), this.options.queueDepthIntervalMs);
    this.timer.unref();
    this.broker.onConnect(() => void this.sample());
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  async sample(): Promise<void> {
    const connection = this.broker.isConnected() ? this.broker.connection.connection : undefined;
    if (!connection || !this.timer) return;
    for (const [role, queue] of this.queues) {
      // One channel per check: a queue not declared yet closes the channel it was asked on.
      try {
        const channel = await connection.createChannel();
        channel.on('error', () => undefined);
        try {
          const { messageCount } = await channel.checkQueue(queue);
          messagingMetrics.queueDepth.set({ service: this.options.service, queue: role }, messageCount);
        } finally {
          await channel.close().catch(() => undefined);
        }
      } catch (error) {
        this.logger.debug(`could not sample ${queue}: ${(error as Error).message}`);
      }
    }
  }
}
