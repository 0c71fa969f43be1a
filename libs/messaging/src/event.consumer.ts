import { Inject, Injectable, Logger } from '@nestjs/common';
import { RmqContext, Server, type CustomTransportStrategy, type MessageHandler } from '@nestjs/microservices';
import type { AmqpConnectionManager, ChannelWrapper } from 'amqp-connection-manager';
import type { ConfirmChannel, ConsumeMessage, MessagePropertyHeaders } from 'amqplib';
import { lastValueFrom } from 'rxjs';
import { InvalidEventError, parseEnvelope, routingKeyOf, type EventEnvelope } from '@support-hub/contracts';
import { requestContext } from '@support-hub/platform';
import { BrokerConnection } from './broker.connection';
import { judgePublisher, publisherOf, VERIFIED_PUBLISHER_HEADER } from './broker-identity';
import { FIRST_DEATH_AT_HEADER } from './dead-letter-inspection';
import { keptProperties } from './message-copy';
import { messagingMetrics } from './messaging.metrics';
import { MESSAGING_OPTIONS, type ResolvedMessagingOptions } from './messaging.options';
import { declareExchange, declareServiceQueues, topologyNames, type TopologyNames } from './messaging.topology';
import { PermanentEventError, type DeliveryOutcome } from './on-event.decorator';

/** Why a message went to the dead-letter queue (header `x-death-reason`). */
export type DeadLetterReason = 'invalid' | 'untrusted-source' | 'unhandled-type' | 'rejected' | 'retries-exhausted';

type HandlerResult = { ok: true } | { ok: false; error: unknown };

/**
 * A Nest transport strategy over amqp-connection-manager. It reuses Nest's handler discovery
 * (`@OnEvent` / `@EventPattern(routingKey)`) but owns what Nest's RMQ server gets wrong for us:
 * the handler is chosen from the AMQP `type` property (bodies are plain envelopes), every
 * delivery is acked only after its handler's promise resolves, failures are retried through
 * delay queues and then dead-lettered, and bad messages never block the ones behind them.
 */
@Injectable()
export class EventConsumer extends Server implements CustomTransportStrategy {
  protected override readonly logger = new Logger(EventConsumer.name);
  private readonly names: TopologyNames;
  private channel?: ChannelWrapper;
  /** The raw channel of the current consumer: acks must go to the channel that delivered. */
  private consumer?: { channel: ConfirmChannel; tag: string };
  private readonly inFlight = new Set<Promise<void>>();
  private closing = false;
  /**
   * The queue is declared and bound and consuming has started. Readiness waits for it: the
   * connection alone is up before that, and an event published in the gap misses the queue.
   */
  private subscribed = false;

  constructor(
    private readonly broker: BrokerConnection,
    @Inject(MESSAGING_OPTIONS) private readonly options: ResolvedMessagingOptions,
  ) {
    super();
    this.names = topologyNames(options.exchange, options.service);
  }

  /**
   * Calls back once consuming has started, or after `startTimeoutMs` with the broker still
   * down (consuming then starts by itself when it comes back): a down broker must not keep
   * the service from booting. A topology error (e.g. PRECONDITION_FAILED) fails the start.
   */
  listen(callback: (error?: unknown) => void): void {
    this.closing = false;
    const mismatch = this.subscriptionMismatch();
    if (mismatch) return callback(new Error(mismatch));
    let settled = false;
    const settle = (error?: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      callback(error);
    };
    const timer = setTimeout(() => {
      this.logger.warn(`broker unreachable after ${this.options.startTimeoutMs} ms; consuming starts when it is back`);
      settle();
    }, this.options.startTimeoutMs);
    timer.unref();
    this.channel = this.broker.createChannel({
      name: 'consumer',
      confirm: true,
      setup: async (channel: ConfirmChannel) => {
        await this.startConsuming(channel);
        this.subscribed = !this.closing;
        settle();
      },
    });
    this.channel.on('error', (error: Error) => {
      this.logger.error(`consumer channel setup failed: ${error.message}`);
      settle(error);
    });
  }

  /** Stops taking deliveries and waits for the handlers in flight (graceful shutdown). */
  async close(): Promise<void> {
    this.closing = true;
    this.subscribed = false;
    const consumer = this.consumer;
    this.consumer = undefined;
    if (consumer) await consumer.channel.cancel(consumer.tag).catch(() => undefined);
    await Promise.allSettled([...this.inFlight]);
    await this.channel?.close();
    this.channel = undefined;
  }

  on<EventKey extends string = string, EventCallback extends Function = Function>(event: EventKey, callback: EventCallback): void {
    this.broker.connection.on(event, callback as unknown as (...args: unknown[]) => void);
  }

  unwrap<T>(): T {
    return this.broker.connection as AmqpConnectionManager as T;
  }

  get isClosing(): boolean {
    return this.closing;
  }

  /** Consuming started (publishing only: the exchange declared) and the broker reachable. */
  isSubscribed(): boolean {
    return this.subscribed && this.broker.isConnected();
  }

  /** Deliveries being handled right now (for tests and shutdown diagnostics). */
  get inFlightCount(): number {
    return this.inFlight.size;
  }

  // Runs on every (re)connect: amqp-connection-manager re-runs setups, so consuming resumes.
  private async startConsuming(channel: ConfirmChannel): Promise<void> {
    const routingKeys = this.options.consumes.map((type) => routingKeyOf(type));
    // A service that only publishes gets no queue: an idle queue would just collect nothing.
    if (routingKeys.length === 0) return declareExchange(channel, this.names);
    await declareServiceQueues(channel, this.names, routingKeys, this.options.retryDelaysMs);
    if (this.closing) return;
    await channel.prefetch(this.options.prefetch);
    const { consumerTag } = await channel.consume(
      this.names.queue,
      (message) => message && this.track(this.onDelivery(channel, message)),
      { noAck: false },
    );
    this.consumer = { channel, tag: consumerTag };
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private async onDelivery(channel: ConfirmChannel, message: ConsumeMessage): Promise<void> {
    let envelope: EventEnvelope;
    try {
      envelope = parseEnvelope(JSON.parse(message.content.toString('utf8')));
    } catch (error) {
      return this.deadLetter(channel, message, 'invalid', error, 'invalid');
    }
    const routingKey = routingKeyOf(envelope.type);
    const declared = message.properties.type as string | undefined;
    if (declared && declared !== routingKey) {
      const mismatch = new InvalidEventError(`AMQP type ${declared} does not match envelope ${routingKey}`);
      return this.deadLetter(channel, message, 'invalid', mismatch, envelope.type);
    }
    // Never applied, whatever it says: only the owner's broker user is believed (docs/security-model.md).
    const verdict = judgePublisher(envelope, message.properties, this.options.brokerUserPrefix, this.options.brokerUser);
    if (!verdict.trusted) {
      return this.deadLetter(channel, message, 'untrusted-source', new Error(verdict.reason), envelope.type);
    }
    const handler = this.getHandlerByPattern(routingKey);
    if (!handler) {
      return this.deadLetter(channel, message, 'unhandled-type', new Error(`no handler for ${routingKey}`), envelope.type);
    }
    const result = await this.invoke(handler, envelope, new RmqContext([message, channel, routingKey]));
    if (result.ok) {
      this.ack(channel, message);
      messagingMetrics.consumed.inc({ service: this.options.service, type: envelope.type, outcome: 'handled' });
      return;
    }
    const attempt = attemptOf(message);
    if (isPermanent(result.error)) return this.deadLetter(channel, message, 'rejected', result.error, envelope.type);
    if (attempt >= this.options.maxAttempts) {
      return this.deadLetter(channel, message, 'retries-exhausted', result.error, envelope.type);
    }
    return this.retry(channel, message, attempt, result.error, envelope);
  }

  private async invoke(handler: MessageHandler, envelope: EventEnvelope, context: RmqContext): Promise<HandlerResult> {
    const outcome: DeliveryOutcome = {};
    const timer = messagingMetrics.handlerSeconds.startTimer({ service: this.options.service, type: envelope.type });
    try {
      await requestContext.run({ correlationId: envelope.correlationId, causationId: envelope.id, delivery: outcome }, async () => {
        // Nest wraps handlers: a throw comes back as an Observable that errors.
        const result: unknown = await handler(envelope, context);
        await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
      });
      return { ok: true };
    } catch (error) {
      return { ok: false, error: 'error' in outcome ? outcome.error : error };
    } finally {
      timer();
    }
  }

  private async retry(channel: ConfirmChannel, message: ConsumeMessage, attempt: number, error: unknown, envelope: EventEnvelope) {
    const delays = this.options.retryDelaysMs;
    const delayMs = delays[Math.min(attempt - 1, delays.length - 1)];
    this.logger.warn(`${envelope.type} ${envelope.id} failed (attempt ${attempt}), retrying in ${delayMs} ms: ${describe(error)}`);
    const sent = await this.sendCopy(channel, this.names.retryQueue(delayMs), message, {
      'x-attempt': attempt + 1,
      'x-error': describe(error),
      // The copy is published under our own user: carry on who published the original (checked).
      [VERIFIED_PUBLISHER_HEADER]: publisherOf(message.properties, this.options.brokerUser),
    });
    if (!sent) return;
    this.ack(channel, message);
    messagingMetrics.retried.inc({ service: this.options.service, type: envelope.type });
    messagingMetrics.consumed.inc({ service: this.options.service, type: envelope.type, outcome: 'retried' });
  }

  private async deadLetter(channel: ConfirmChannel, message: ConsumeMessage, reason: DeadLetterReason, error: unknown, type: string) {
    this.logger.error(`dead-lettering ${message.properties.messageId ?? '(no id)'} (${type}): ${reason}: ${describe(error)}`);
    const sent = await this.sendCopy(channel, this.names.deadLetterQueue, message, {
      'x-publisher': publisherOf(message.properties, this.options.brokerUser) ?? null,
      'x-death-reason': reason,
      'x-error': describe(error),
      'x-attempt': attemptOf(message),
      // A replayed message that dies again keeps the time of its first death (npm run dlq shows it).
      [FIRST_DEATH_AT_HEADER]: message.properties.headers?.[FIRST_DEATH_AT_HEADER] ?? new Date().toISOString(),
    });
    if (!sent) return;
    this.ack(channel, message);
    messagingMetrics.deadLettered.inc({ service: this.options.service, type, reason });
    messagingMetrics.consumed.inc({ service: this.options.service, type, outcome: 'dead-lettered' });
  }

  /**
   * Publishes a copy (confirmed) before the original is acked: a crash in between duplicates
   * the message, never loses it. Returns false when the channel died; the broker then
   * redelivers the original.
   */
  private sendCopy(channel: ConfirmChannel, queue: string, message: ConsumeMessage, extra: MessagePropertyHeaders): Promise<boolean> {
    const { 'x-delivery-count': _count, [VERIFIED_PUBLISHER_HEADER]: _verified, ...headers } = message.properties.headers ?? {};
    const p = message.properties;
    return new Promise<boolean>((resolve) => {
      try {
        channel.publish(
          '',
          queue,
          message.content,
          {
            persistent: true,
            headers: { ...headers, ...extra },
            ...keptProperties(p),
            userId: this.options.brokerUser,
          },
          (error) => resolve(!error),
        );
      } catch (error) {
        this.logger.warn(`could not move ${p.messageId} to ${queue}: ${describe(error)}; the broker will redeliver it`);
        resolve(false);
      }
    });
  }

  private ack(channel: ConfirmChannel, message: ConsumeMessage): void {
    try {
      channel.ack(message);
    } catch (error) {
      // The channel died after the work was stored: the broker redelivers, the inbox dedupes.
      this.logger.warn(`ack of ${message.properties.messageId} lost: ${describe(error)}`);
    }
  }

  /**
   * The queue is bound to the declared `consumes` (which also decide the broker permissions);
   * the handlers are the `@OnEvent` methods. Both must name the same types: a declared type
   * without a handler would be dead-lettered, a handler without a declaration never called.
   */
  private subscriptionMismatch(): string | null {
    const declared = new Set(this.options.consumes.map((type) => routingKeyOf(type)));
    const handled = new Set(this.getHandlers().keys());
    const unhandled = [...declared].filter((key) => !handled.has(key));
    const undeclared = [...handled].filter((key) => !declared.has(key));
    if (unhandled.length === 0 && undeclared.length === 0) return null;
    return (
      `the ${this.options.service} service's event subscriptions and @OnEvent handlers differ: ` +
      [unhandled.length && `subscribed without a handler: ${unhandled.join(', ')}`, undeclared.length && `handled but not subscribed: ${undeclared.join(', ')}`]
        .filter(Boolean)
        .join('; ')
    );
  }
}

/** 1 for a first delivery (also from publishers that are not us); our retries count up. */
function attemptOf(message: ConsumeMessage): number {
  const attempt = Number(message.properties.headers?.['x-attempt']);
  return Number.isInteger(attempt) && attempt > 0 ? attempt : 1;
}

function isPermanent(error: unknown): boolean {
  return error instanceof PermanentEventError || (error instanceof InvalidEventError && error.permanent);
}

function describe(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : JSON.stringify(error) ?? String(error);
  return text.length > 1000 ? `${text.slice(0, 1000)}…` : text;
}
