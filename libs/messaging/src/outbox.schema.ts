import { Schema } from 'mongoose';
import type { EventEnvelope } from '@support-hub/contracts';

export const OUTBOX_EVENT = 'OutboxEvent';
export const OUTBOX_SEQUENCE = 'OutboxSequence';
const SENT_RETENTION_SECONDS = 7 * 24 * 3600;

export interface OutboxEventRecord {
  /** The event id: a second insert of the same event fails instead of publishing twice. */
  _id: string;
  aggregateId: string;
  /** Position among the aggregate's events, in commit order (see OutboxRepository.nextSequence). */
  sequence: number;
  envelope: EventEnvelope;
  status: 'pending' | 'sent';
  recordedAt: Date;
  sentAt: Date | null;
  /** Lease of the relay replica publishing it: only one replica publishes an event at a time. */
  lockedBy: string | null;
  lockedUntil: Date | null;
  claim: string | null;
  publishAttempts: number;
  lastError: string | null;
}

export const outboxEventSchema = new Schema<OutboxEventRecord>(
  {
    _id: { type: String, required: true },
    aggregateId: { type: String, required: true },
    sequence: { type: Number, required: true },
    envelope: { type: Schema.Types.Mixed, required: true },
    status: { type: String, enum: ['pending', 'sent'], required: true },
    recordedAt: { type: Date, required: true },
    sentAt: { type: Date, default: null },
    lockedBy: { type: String, default: null },
    lockedUntil: { type: Date, default: null },
    claim: { type: String, default: null },
    publishAttempts: { type: Number, default: 0 },
    lastError: { type: String, default: null },
  },
  { collection: 'outbox_events', versionKey: false, minimize: false },
);
outboxEventSchema.index({ status: 1, recordedAt: 1 });
outboxEventSchema.index({ aggregateId: 1, sequence: 1 }, { unique: true });
outboxEventSchema.index({ claim: 1 });
// Sent rows are kept a week for diagnosis; pending rows have no sentAt and never expire.
outboxEventSchema.index({ sentAt: 1 }, { expireAfterSeconds: SENT_RETENTION_SECONDS });

/** The last sequence number given to an aggregate's events. */
export interface OutboxSequenceRecord {
  _id: string;
  last: number;
}

export const outboxSequenceSchema = new Schema<OutboxSequenceRecord>(
  { _id: { type: String, required: true }, last: { type: Number, required: true } },
  { collection: 'outbox_sequences', versionKey: false },
);
