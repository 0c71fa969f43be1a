import type { ClientSession } from 'mongoose';
import type { EngineerLoad } from './engineer-load';

/**
 * Reads engineers' loads from their cases. A port (an abstract class, so Nest can inject it):
 * the directory shows loads without importing the cases feature, which implements it.
 */
export abstract class EngineerLoadReader {
  abstract loadsOf(engineerIds: string[], session?: ClientSession): Promise<Map<string, EngineerLoad>>;
}

export function noLoad(engineerId: string): EngineerLoad {
  return { engineerId, openCases: 0, lastAssignedAt: null, places: [] };
}
