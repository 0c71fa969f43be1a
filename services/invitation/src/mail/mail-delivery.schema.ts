import { Schema } from 'mongoose';
import type { DeliveryState } from './mail-delivery';

export const deliverySchema = new Schema<DeliveryState>(
  {
    status: { type: String, enum: ['pending', 'sent', 'failed'], required: true },
    attempts: { type: Number, required: true },
    nextAttemptAt: { type: Date, required: true },
    claim: { type: String, default: null },
    claimedUntil: { type: Date, default: null },
    lastError: { type: String, default: null },
    sentAt: { type: Date, default: null },
  },
  { _id: false },
);
