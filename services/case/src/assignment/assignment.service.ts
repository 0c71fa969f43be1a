import { Injectable } from '@nestjs/common';
import type { ClientSession } from 'mongoose';
import { EngineersRepository } from '../engineers/engineers.repository';
import type { EngineerRecord } from '../engineers/engineer.schema';

/**
 * Picks and books the engineer of a case inside the caller's transaction, in one write that
 * chooses by ASSIGNMENT_ORDER and counts the case. Concurrent bookings of one engineer queue
 * on that engineer's document (on a replica set, the later transaction gets a write conflict
 * and the driver runs it again); none can count the same free slot twice, and none reads a
 * choice that another booking has made stale.
 */
@Injectable()
export class AssignmentService {
  constructor(private readonly engineers: EngineersRepository) {}

  bookEngineer(areaKey: string, at: Date, session: ClientSession): Promise<EngineerRecord | null> {
    return this.engineers.takeNextCase(areaKey, at, session);
  }
}
