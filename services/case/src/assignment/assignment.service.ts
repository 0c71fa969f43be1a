import { Injectable } from '@nestjs/common';
import type { ClientSession } from 'mongoose';
import { EngineersRepository } from '../engineers/engineers.repository';
import type { EngineerRecord } from '../engineers/engineer.schema';
import { chooseEngineer } from './assignment.policy';

/** Thrown inside an assignment transaction when a concurrent one took the chosen engineer first. */
export class AssignmentRaceError extends Error {
  constructor() {
    super('the chosen engineer changed concurrently');
    this.name = 'AssignmentRaceError';
  }
}

/**
 * Picks and books the engineer of a case inside the caller's transaction. The booking is a
 * conditional update of the engineer's open-case counter, so two concurrent cases never both
 * count the same free slot: on a real replica set the second transaction hits a write
 * conflict (retried by the runner), and if the snapshot was already stale the update matches
 * nothing and AssignmentRaceError makes the caller run the transaction again.
 */
@Injectable()
export class AssignmentService {
  constructor(private readonly engineers: EngineersRepository) {}

  async bookEngineer(areaKey: string, at: Date, session: ClientSession): Promise<EngineerRecord | null> {
    const chosen = chooseEngineer(await this.engineers.qualifiedFor(areaKey, session));
    if (!chosen) return null;
    if (!(await this.engineers.takeCase(chosen, at, session))) throw new AssignmentRaceError();
    return chosen;
  }
}

/** Runs an assignment transaction again when it lost a race (bounded). */
export async function retryOnAssignmentRace<T>(work: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof AssignmentRaceError) || attempt >= attempts) throw error;
    }
  }
}
