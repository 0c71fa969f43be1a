import type { Channel } from 'amqplib';

/** Every name of the topology, derived from the exchange so a test run can own a private copy. */
export interface TopologyNames {
  exchange: string;
  unroutableExchange: string;
  unroutableQueue: string;
  queue: string;
  deadLetterQueue: string;
  retryQueue(delayMs: number): string;
  /** A replica's own broadcast queue: under the service's name, so its broker user may declare it. */
  broadcastQueue(replicaId: string): string;
}

export function topologyNames(exchange: string, service: string): TopologyNames {
  const queue = `${exchange}.${service}`;
  return {
    exchange,
    unroutableExchange: `${exchange}.unroutable`,
    unroutableQueue: `${exchange}.unroutable`,
    queue,
    deadLetterQueue: `${queue}.dlq`,
    retryQueue: (delayMs) => `${queue}.retry.${delayMs}ms`,
    broadcastQueue: (replicaId) => `${queue}.broadcast.${replicaId}`,
  };
}

// Quorum queues: replicated, and the only kind with a delivery limit. On 3.10 the limit is
// unset by default, so a message that crashes its consumer would be redelivered forever.
const QUORUM = { 'x-queue-type': 'quorum' };
/** Redeliveries caused by lost consumers (not handler failures, which we count ourselves). */
const DELIVERY_LIMIT = 20;

/** The exchange every publisher needs: unroutable messages land in a queue instead of vanishing. */
export async function declareExchange(channel: Channel, names: TopologyNames): Promise<void> {
  await channel.assertExchange(names.unroutableExchange, 'fanout', { durable: true });
  await channel.assertQueue(names.unroutableQueue, { durable: true, arguments: QUORUM });
  await channel.bindQueue(names.unroutableQueue, names.unroutableExchange, '');
  await channel.assertExchange(names.exchange, 'topic', {
    durable: true,
    arguments: { 'alternate-exchange': names.unroutableExchange },
  });
}

/**
 * A service's queue, its dead-letter queue and one delay queue per retry delay. Everything
 * is dead-lettered through the default exchange (routing key = queue name), so no extra
 * exchanges are needed: a retry queue's expired messages return to the service queue.
 * Declarations are idempotent; changing an argument needs a deliberate migration
 * (RabbitMQ answers PRECONDITION_FAILED to a re-declaration with other arguments).
 */
export async function declareServiceQueues(
  channel: Channel,
  names: TopologyNames,
  routingKeys: readonly string[],
  retryDelaysMs: readonly number[],
): Promise<void> {
  await declareExchange(channel, names);
  await channel.assertQueue(names.deadLetterQueue, { durable: true, arguments: QUORUM });
  // Quorum queues dead-letter at-most-once unless told otherwise (which needs reject-publish).
  await channel.assertQueue(names.queue, {
    durable: true,
    arguments: {
      ...QUORUM,
      'x-delivery-limit': DELIVERY_LIMIT,
      'x-dead-letter-exchange': '',
      'x-dead-letter-routing-key': names.deadLetterQueue,
      'x-dead-letter-strategy': 'at-least-once',
      'x-overflow': 'reject-publish',
    },
  });
  for (const delayMs of new Set(retryDelaysMs)) {
    await channel.assertQueue(names.retryQueue(delayMs), {
      durable: true,
      arguments: {
        ...QUORUM,
        'x-message-ttl': delayMs,
        'x-dead-letter-exchange': '',
        'x-dead-letter-routing-key': names.queue,
        'x-dead-letter-strategy': 'at-least-once',
        'x-overflow': 'reject-publish',
      },
    });
  }
  for (const key of routingKeys) await channel.bindQueue(names.queue, names.exchange, key);
}
