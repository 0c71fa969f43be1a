import type { EngineerRecord } from './engineer';

export interface EngineerView {
  id: string;
  userId: string;
  name: string;
  email: string;
  expertise: string[];
  active: boolean;
  openCases: number;
  lastAssignedAt: string | null;
  registeredAt: string;
}

export function toEngineerView(record: EngineerRecord): EngineerView {
  return {
    id: record._id,
    userId: record._id,
    name: record.name,
    email: record.email,
    expertise: record.expertise,
    active: record.active,
    openCases: record.openCases,
    lastAssignedAt: record.lastAssignedAt?.toISOString() ?? null,
    registeredAt: record.registeredAt.toISOString(),
  };
}
