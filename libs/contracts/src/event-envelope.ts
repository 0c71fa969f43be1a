import { EVENT_CATALOG, EventData, EventType, isEventType } from './event-catalog';
import { envelopeSchema } from './envelope.schema';

export interface EventEnvelope<T extends EventType = EventType> {
  id: string;
  type: T;
  version: number;
  source: string;
  occurredAt: string;
  correlationId: string;
  causationId: string | null;
  tenantId?: string;
  workspaceId?: string;
  data: EventData<T>;
}

/** An event as a service raises it; the outbox fills in id, source, times and correlation. */
export interface NewEvent<T extends EventType = EventType> {
  type: T;
  data: EventData<T>;
  tenantId?: string;
  workspaceId?: string;
  /** Events of one aggregate are published in the order they were recorded. */
  aggregateId: string;
}

export class InvalidEventError extends Error {
  constructor(message: string, readonly permanent = true) {
    super(message);
    this.name = 'InvalidEventError';
  }
}

/** Checks an envelope and its data against the catalog; used when publishing and receiving. */
export function parseEnvelope(raw: unknown): EventEnvelope {
  const envelope = envelopeSchema.safeParse(raw);
  if (!envelope.success) throw new InvalidEventError(`invalid envelope: ${envelope.error.message}`);
  const { type, version } = envelope.data;
  if (!isEventType(type)) throw new InvalidEventError(`unknown event type: ${type}`);
  if (version !== EVENT_CATALOG[type].version) throw new InvalidEventError(`unsupported version ${version} of ${type}`);
  const data = EVENT_CATALOG[type].schema.safeParse(envelope.data.data);
  if (!data.success) throw new InvalidEventError(`invalid ${type} data: ${data.error.message}`);
  return { ...envelope.data, type, data: data.data } as EventEnvelope;
}

/** Narrows an already parsed envelope to one type (handlers receive exactly their type). */
export function isEvent<T extends EventType>(event: EventEnvelope, type: T): event is EventEnvelope<T> {
  return event.type === type;
}

export function validateEventData<T extends EventType>(type: T, data: unknown): EventData<T> {
  const parsed = EVENT_CATALOG[type].schema.safeParse(data);
  if (!parsed.success) throw new InvalidEventError(`invalid ${type} data: ${parsed.error.message}`);
  return parsed.data as EventData<T>;
}
