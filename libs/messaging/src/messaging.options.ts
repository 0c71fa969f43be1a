import type { EventType } from '@support-hub/contracts';

export interface MessagingOptions {
  /** Consuming service: its queue is `<exchange>.<service>` and it is the `source` of what it records. */
  service: string;
  amqpUrl: string;
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
}

export type ResolvedMessagingOptions = Required<MessagingOptions>;

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

export function resolveOptions(options: MessagingOptions): ResolvedMessagingOptions {
  if (!/^[a-z][a-z0-9-]*$/.test(options.service)) throw new Error(`invalid service name: ${options.service}`);
  const resolved: ResolvedMessagingOptions = {
    prefetch: 20,
    maxAttempts: 5,
    retryDelaysMs: [1_000, 5_000, 30_000],
    publishTimeoutMs: 10_000,
    outboxPollMs: 1_000,
    outboxLeaseMs: 30_000,
    startTimeoutMs: 10_000,
    ...options,
  };
  if (resolved.retryDelaysMs.length === 0) throw new Error('retryDelaysMs needs at least one delay');
  return resolved;
}
