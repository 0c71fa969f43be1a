import type { MessageProperties } from 'amqplib';
import { isEventType, ownerOf, type EventType } from '@support-hub/contracts';
import { brokerUserOf, publisherOf, VERIFIED_PUBLISHER_HEADER } from './broker-identity';

/** Header the transport puts on a dead letter the first time it dies (replays keep it). */
export const FIRST_DEATH_AT_HEADER = 'x-first-death-at';
/** How many times an operator has replayed this message. */
export const REPLAYS_HEADER = 'x-replays';

/** One message of a service's dead-letter queue, as an operator needs to judge it. */
export interface DeadLetter {
  id: string | undefined;
  type: string | undefined;
  /** `x-death-reason` of our transport, or the broker's own (`delivery_limit`, `expired`…). */
  reason: string | undefined;
  error: string | undefined;
  /** The broker user that published the original, as far as the broker vouches for it. */
  publisher: string | undefined;
  firstDeathAt: string | undefined;
  attempts: number;
  replays: number;
  /** Why a replay would not be applied (then it is refused), or undefined when it would be. */
  notReplayable: string | undefined;
  body: string;
  headers: Record<string, unknown>;
}

/**
 * Reads a dead letter. Its headers are believed only when the service's own user wrote it (its
 * transport's copy: `user_id` is the service, which nobody else can stamp); a message anyone else
 * put there is described by its `user_id` alone, whatever its headers claim.
 */
export function inspectDeadLetter(content: Buffer, properties: MessageProperties, serviceUser: string, prefix: string): DeadLetter {
  const headers = (properties.headers ?? {}) as Record<string, unknown>;
  const ours = properties.userId === serviceUser;
  const brokerDeath = Array.isArray(headers['x-death']) ? (headers['x-death'][0] as { time?: { value?: number } | Date; count?: number } | undefined) : undefined;
  const type = eventTypeOf(content, properties);
  const publisher = ours ? recordedPublisher(headers, properties, serviceUser) : stringOr(properties.userId);
  const letter: DeadLetter = {
    id: stringOr(properties.messageId),
    type,
    reason: stringOr(headers['x-death-reason']) ?? stringOr(headers['x-first-death-reason']),
    error: stringOr(headers['x-error']),
    publisher,
    firstDeathAt: stringOr(headers[FIRST_DEATH_AT_HEADER]) ?? amqpTime(brokerDeath?.time),
    attempts: positiveInteger(headers['x-attempt']) ?? positiveInteger(headers['x-delivery-count']) ?? positiveInteger(brokerDeath?.count) ?? 1,
    replays: positiveInteger(headers[REPLAYS_HEADER]) ?? 0,
    notReplayable: undefined,
    body: content.toString('utf8'),
    headers,
  };
  letter.notReplayable = whyNotReplayable(letter, prefix);
  return letter;
}

/**
 * A replay is published by the service's own user, so it may carry the original publisher in
 * `x-verified-publisher`; it does so only when that publisher is the owner of the type. Anything
 * else would be dead-lettered again as `untrusted-source`, so it is refused here with the reason.
 */
function whyNotReplayable(letter: DeadLetter, prefix: string): string | undefined {
  if (!letter.type || !isEventType(letter.type)) return `unknown event type ${letter.type ?? '(none)'}: nothing could handle it`;
  const owner = brokerUserOf(prefix, ownerOf(letter.type));
  if (letter.publisher !== owner) {
    return `published by ${letter.publisher ?? 'nobody the broker vouches for'}, not by ${owner}, the owner of ${letter.type}: a replay would not be trusted`;
  }
  return undefined;
}

/** The headers of a replay: the original's, without the verdicts of its last death. */
export function replayHeaders(letter: DeadLetter): Record<string, unknown> {
  const {
    'x-death': _death,
    'x-first-death-reason': _reason,
    'x-first-death-queue': _queue,
    'x-first-death-exchange': _exchange,
    'x-last-death-reason': _lastReason,
    'x-last-death-queue': _lastQueue,
    'x-last-death-exchange': _lastExchange,
    'x-death-reason': _ourReason,
    'x-error': _error,
    'x-publisher': _publisher,
    'x-attempt': _attempt,
    'x-delivery-count': _count,
    [VERIFIED_PUBLISHER_HEADER]: _verified,
    ...kept
  } = letter.headers;
  return {
    ...kept,
    ...(letter.firstDeathAt ? { [FIRST_DEATH_AT_HEADER]: letter.firstDeathAt } : {}),
    [REPLAYS_HEADER]: letter.replays + 1,
    [VERIFIED_PUBLISHER_HEADER]: letter.publisher,
  };
}

/** Our transport wrote down who published the original (`null`: it had no `user_id`). */
function recordedPublisher(headers: Record<string, unknown>, properties: MessageProperties, serviceUser: string): string | undefined {
  if ('x-publisher' in headers) return stringOr(headers['x-publisher']);
  // A retry copy the broker itself dead-lettered (delivery limit): it carries the verified header.
  return publisherOf(properties, serviceUser);
}

function eventTypeOf(content: Buffer, properties: MessageProperties): EventType | string | undefined {
  try {
    const type = (JSON.parse(content.toString('utf8')) as { type?: unknown }).type;
    if (typeof type === 'string') return type;
  } catch {
    // not JSON: fall back to the AMQP type (`<type>.v<major>`)
  }
  return typeof properties.type === 'string' ? properties.type.replace(/\.v\d+$/, '') : undefined;
}

function stringOr(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function positiveInteger(value: unknown): number | undefined {
  const number = Number(value);
  return value !== undefined && Number.isInteger(number) && number > 0 ? number : undefined;
}

/** AMQP timestamps arrive as `{ '!': 'timestamp', value: seconds }` from amqplib. */
function amqpTime(time: { value?: number } | Date | undefined): string | undefined {
  if (time instanceof Date) return time.toISOString();
  return typeof time?.value === 'number' ? new Date(time.value * 1000).toISOString() : undefined;
}
