import { Schema } from 'mongoose';
import type { EngineerRecord } from './engineer';

export const ENGINEER = 'Engineer';

export const engineerSchema = new Schema<EngineerRecord>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    email: { type: String, required: true },
    expertise: { type: [String], default: [] },
    expertiseKeys: { type: [String], default: [] },
    active: { type: Boolean, required: true },
    registeredAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    revision: { type: Number, default: 0 },
  },
  { collection: 'engineers', versionKey: false },
);
engineerSchema.index({ active: 1, expertiseKeys: 1 });
engineerSchema.index({ registeredAt: 1, _id: 1 });
