import { Schema } from 'mongoose';

export const PROCESSED_EVENT = 'ProcessedEvent';
// Redeliveries come within minutes; a month covers replays from a dead-letter queue too.
const RETENTION_SECONDS = 30 * 24 * 3600;

export interface ProcessedEventRecord {
  /** `<handler>:<event id>`: one service may handle an event in several handlers. */
  _id: string;
  eventId: string;
  handler: string;
  type: string;
  processedAt: Date;
}

export const processedEventSchema = new Schema<ProcessedEventRecord>(
  {
    _id: { type: String, required: true },
    eventId: { type: String, required: true },
    handler: { type: String, required: true },
    type: { type: String, required: true },
    processedAt: { type: Date, required: true },
  },
  { collection: 'processed_events', versionKey: false },
);
processedEventSchema.index({ processedAt: 1 }, { expireAfterSeconds: RETENTION_SECONDS });
