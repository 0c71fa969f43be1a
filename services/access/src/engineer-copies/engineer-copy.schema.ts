import { Schema } from 'mongoose';
import type { EngineerCopyRecord } from './engineer-copy';

export const ENGINEER_COPY = 'EngineerCopy';

export const engineerCopySchema = new Schema<EngineerCopyRecord>(
  {
    _id: { type: String, required: true },
    active: { type: Boolean, required: true },
    revision: { type: Number, required: true },
    stateAt: { type: Date, default: null },
    deactivatedAt: { type: Date, default: null },
    accessEpoch: { type: Number, default: 0 },
  },
  { collection: 'engineer_copies', versionKey: false },
);
