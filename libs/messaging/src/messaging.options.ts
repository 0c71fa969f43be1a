import type { EventType } from '@support-hub/contracts';
import { brokerUserOf, DEFAULT_BROKER_USER_PREFIX, userOfAmqpUrl } from './broker-identity';

export interface MessagingOptions {
  /** Consuming service: its queue is `<exchange>.<service>` and it is the `source` of what it records. */
  service: string;
  /** Must log in as this service's own broker user, `<brokerUserPrefix><service>`. */
  amqpUrl: string;
  /**
   * Services' broker users are `<prefix><service>`. An event is believed only when the broker
   * vouches (AMQP `user_id`) that the owner of its type published it.
   */
  brokerUserPrefix?: string;
  /** The integration-events topic exchange, e.g. `support-hub.events`. */
  exchange: string;
  /** Event types this service handles; its queue is bound to their routing keys. */
  consumes: readonly EventType[];
  /** Unacked deliveries per consumer: how many handlers run at once per replica. */
  prefetch?: number;
  /** Handler attempts before an event goes to the dead-letter queue. */
  maxAttempts?: number;
  /** Delay before retry n (the last one repeats). One retry queue per distinct delay. */
  retryDelaysMs?: readonly number[];
  /** A publish not confirmed within this time fails; the outbox keeps the event pending. */
  publishTimeoutMs?: number;
  /** Fallback poll of the outbox relay; the normal path is a nudge after commit. */
  outboxPollMs?: number;
  /** How long a relay replica owns the events it claimed. */
  outboxLeaseMs?: number;
  /** `startAllMicroservices()` resolves after this even if the broker is still down. */
  startTimeoutMs?: number;
  /** How often the depths of the service's queue, dead-letter queue and the unroutable queue are sampled for /metrics. */
  queueDepthIntervalMs?: number;
}

export type ResolvedMessagingOptions = Required<MessagingOptions> & {
  /** The broker user this service connects as (from `amqpUrl`), stamped as `user_id` on what it publishes. */
  brokerUser: string;
};

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

export function resolveOptions(options: MessagingOptions): ResolvedMessagingOptions {
  if (!/^[a-z][a-z0-9-]*$/.test(options.service)) throw new Error(`invalid service name: ${options.service}`);
  const prefix = options.brokerUserPrefix ?? DEFAULT_BROKER_USER_PREFIX;
  const brokerUser = userOfAmqpUrl(options.amqpUrl);
  // Under any other user its events would be dead-lettered by every consumer: fail at boot instead.
  if (brokerUser !== brokerUserOf(prefix, options.service)) {
    throw new Error(
      `the ${options.service} service must connect to RabbitMQ as ${brokerUserOf(prefix, options.service)} ` +
        `(AMQP_USER_PREFIX + service name), but AMQP_URL logs in as ${brokerUser}`,
    );
  }
  const resolved: ResolvedMessagingOptions = {
    brokerUserPrefix: prefix,
    brokerUser,
    prefetch: 20,
    maxAttempts: 5,
    retryDelaysMs: [1_000, 5_000, 30_000],
    publishTimeoutMs: 10_000,
    outboxPollMs: 1_000,
    outboxLeaseMs: 30_000,
    startTimeoutMs: 10_000,
    queueDepthIntervalMs: 15_000,
    ...options,
  };
  if (resolved.retryDelaysMs.length === 0) throw new Error('retryDelaysMs needs at least one delay');
  return resolved;
}

/**
 * How long after a handler's first failure its event may still come back: the sum of the
 * delays before each retry (the last delay repeats), as `EventConsumer.retry` applies them.
 * After that the event has been applied or dead-lettered.
 */
export function retrySpanMs(options: Pick<ResolvedMessagingOptions, 'maxAttempts' | 'retryDelaysMs'>): number {
  const delays = options.retryDelaysMs;
  let span = 0;
  for (let attempt = 1; attempt < options.maxAttempts; attempt += 1) span += delays[Math.min(attempt - 1, delays.length - 1)];
  return span;
}
