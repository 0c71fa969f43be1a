import { Schema } from 'mongoose';

export const ENGINEER = 'Engineer';

/**
 * A support engineer of the directory. The id is the engineer's user id (the token's `sub`):
 * cases are assigned to it and the access service compares it with the caller.
 */
export interface EngineerRecord {
  _id: string;
  name: string;
  email: string;
  expertise: string[];
  /** `expertise` lower-cased and trimmed: product areas match without regard to case. */
  expertiseKeys: string[];
  active: boolean;
  /** Open cases assigned to the engineer; changed only together with the case, in one transaction. */
  openCases: number;
  lastAssignedAt: Date | null;
  registeredAt: Date;
  updatedAt: Date;
}

export const engineerSchema = new Schema<EngineerRecord>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    email: { type: String, required: true },
    expertise: { type: [String], default: [] },
    expertiseKeys: { type: [String], default: [] },
    active: { type: Boolean, required: true },
    openCases: { type: Number, required: true, default: 0 },
    lastAssignedAt: { type: Date, default: null },
    registeredAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'engineers', versionKey: false },
);
engineerSchema.index({ active: 1, expertiseKeys: 1 });
engineerSchema.index({ registeredAt: 1, _id: 1 });
