import type { MessageProperties } from 'amqplib';
import { ownerOf, type EventEnvelope } from '@support-hub/contracts';

/** Default name prefix of the services' broker users: `support-hub-case`, `support-hub-access`… */
export const DEFAULT_BROKER_USER_PREFIX = 'support-hub-';

/**
 * Header a service puts on the copies it sends to its own retry queue: the broker user that
 * published the original, already checked. Believed only on messages whose `user_id` is the
 * consuming service itself, which no one else can stamp (RabbitMQ refuses a `user_id` that is not
 * the connection's user).
 */
export const VERIFIED_PUBLISHER_HEADER = 'x-verified-publisher';

/** The broker user a service connects as. */
export function brokerUserOf(prefix: string, service: string): string {
  return `${prefix}${service}`;
}

/** The user an AMQP URL logs in as (RabbitMQ's default when the URL names none). */
export function userOfAmqpUrl(amqpUrl: string): string {
  return decodeURIComponent(new URL(amqpUrl).username) || 'guest';
}

export type PublisherVerdict = { trusted: true } | { trusted: false; reason: string };

/**
 * Whether `envelope` comes from the service that owns its type. The only evidence is the AMQP
 * `user_id` the broker vouched for; the envelope's own `source` is a claim and must agree.
 */
export function judgePublisher(envelope: EventEnvelope, properties: MessageProperties, prefix: string, ownUser: string): PublisherVerdict {
  const owner = ownerOf(envelope.type);
  const expected = brokerUserOf(prefix, owner);
  const publisher = publisherOf(properties, ownUser);
  if (publisher === undefined) return { trusted: false, reason: `${envelope.type} carries no user_id; only ${expected} may publish it` };
  if (publisher !== expected) return { trusted: false, reason: `${envelope.type} published by ${publisher}; only ${expected} may publish it` };
  if (envelope.source !== owner) return { trusted: false, reason: `${envelope.type} claims source ${envelope.source}; its owner is ${owner}` };
  return { trusted: true };
}

/** The broker user behind a delivery: its `user_id`, or, on our own retry copies, the original's. */
export function publisherOf(properties: MessageProperties, ownUser: string): string | undefined {
  const userId = typeof properties.userId === 'string' ? properties.userId : undefined;
  const verified = properties.headers?.[VERIFIED_PUBLISHER_HEADER];
  if (userId === ownUser && typeof verified === 'string') return verified;
  return userId;
}
