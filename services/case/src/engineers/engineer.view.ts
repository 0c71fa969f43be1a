import type { EngineerRecord } from './engineer';
import type { EngineerLoad } from './engineer-load';

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

/** The directory entry with the load derived from the engineer's cases. */
export function toEngineerView(record: EngineerRecord, load: Pick<EngineerLoad, 'openCases' | 'lastAssignedAt'>): EngineerView {
  return {
    id: record._id,
    userId: record._id,
    name: record.name,
    email: record.email,
    expertise: record.expertise,
    active: record.active,
    openCases: load.openCases,
    lastAssignedAt: load.lastAssignedAt?.toISOString() ?? null,
    registeredAt: record.registeredAt.toISOString(),
  };
}
