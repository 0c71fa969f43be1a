import { productAreaKey } from './product-area';

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
  registeredAt: Date;
  updatedAt: Date;
  /** Bumped by every change (announced by `engineer.updated`); 1 at registration. */
  revision: number;
}

export type EngineerField = 'name' | 'email' | 'expertise' | 'active';
const FIELDS: EngineerField[] = ['name', 'email', 'expertise', 'active'];

export interface EngineerDetails {
  name?: string;
  email?: string;
  expertise?: string[];
  active?: boolean;
}

/** Pure rules of the directory: how an engineer is recorded and changed (no Nest, database or clock). */
export function registerEngineer(userId: string, details: Required<Pick<EngineerDetails, 'name' | 'email' | 'expertise'>> & EngineerDetails, at: Date): EngineerRecord {
  return {
    _id: userId,
    name: details.name.trim(),
    email: details.email.toLowerCase(),
    ...expertiseOf(details.expertise),
    active: details.active ?? true,
    registeredAt: at,
    updatedAt: at,
    revision: 1,
  };
}

/** The fields a change sets, normalised as registration does. */
export function changesOf(details: EngineerDetails, at: Date): Partial<EngineerRecord> {
  return {
    ...(details.name !== undefined && { name: details.name.trim() }),
    ...(details.email !== undefined && { email: details.email.toLowerCase() }),
    ...(details.expertise !== undefined && expertiseOf(details.expertise)),
    ...(details.active !== undefined && { active: details.active }),
    updatedAt: at,
  };
}

/** The fields whose value a change really altered (an update that alters nothing is not announced). */
export function changedFields(before: EngineerRecord, after: EngineerRecord): EngineerField[] {
  return FIELDS.filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]));
}

/** An active engineer became inactive: they leave every case and every access they hold. */
export function isDeactivation(before: Pick<EngineerRecord, 'active'>, after: Pick<EngineerRecord, 'active'>): boolean {
  return before.active && !after.active;
}

/** Whether a change may make the engineer the first qualified for a waiting case. */
export function mayTakeWaitingCases(after: Pick<EngineerRecord, 'active'>, details: EngineerDetails): boolean {
  return after.active && (details.active !== undefined || details.expertise !== undefined);
}

function expertiseOf(areas: string[]): Pick<EngineerRecord, 'expertise' | 'expertiseKeys'> {
  const expertise = [...new Set(areas.map((area) => area.trim()).filter((area) => area.length > 0))];
  return { expertise, expertiseKeys: [...new Set(expertise.map(productAreaKey))] };
}
