import { Injectable } from '@nestjs/common';
import type { ClientSession } from 'mongoose';
import { chooseEngineer, fewestOpenCases, nextPlace, type Booking } from '../engineers/engineer-load';
import { EngineersRepository } from '../engineers/engineers.repository';
import { ConcurrentCaseUpdateError } from './cases.errors';
import { CasesRepository, isPlaceTaken } from './cases.repository';

/** Far more than contention needs (each lost collision means another booking succeeded). */
const MAX_BOOKING_ATTEMPTS = 100;

/**
 * Books engineers for cases without a counter document: the load is counted from the cases,
 * and the case takes a unique place in its engineer's load (`engineer-load.ts`). Bookings that
 * choose differently share no document, so opens and closes of one engineer's cases run side
 * by side; two that choose the same place from the same state collide, and the later one runs
 * again (`withRetries`) from a state that counts the earlier one. So every booking chose an
 * engineer that had the fewest open cases when it was made: no engineer ever gets a case while
 * another qualified one has fewer, and concurrent opens end up at most one apart.
 */
@Injectable()
export class CaseBookingService {
  constructor(
    private readonly engineers: EngineersRepository,
    private readonly cases: CasesRepository,
  ) {}

  /** The next place for a case of this product area, inside the caller's transaction; null if nobody qualifies. */
  async book(areaKey: string, session: ClientSession, spread = false): Promise<Booking | null> {
    const candidates = await this.engineers.qualifiedFor(areaKey, session);
    const loads = await this.cases.openLoadsOf(candidates.map((candidate) => candidate._id), session);
    const tied = fewestOpenCases([...loads.values()]);
    // A spread retry picks at random among them; only the first choice reads the tie-break.
    if (!spread && tied.length > 1) await this.cases.addLastAssignedAt(tied, session);
    const chosen = chooseEngineer(tied, spread);
    return chosen && nextPlace(chosen);
  }

  /** A place with this engineer (a reopened case kept by them, a manual assignment). */
  async placeWith(engineerId: string, session: ClientSession): Promise<Booking> {
    const loads = await this.cases.openLoadsOf([engineerId], session);
    return nextPlace(loads.get(engineerId)!);
  }

  /**
   * Runs a booking transaction again while its place was taken meanwhile (E11000 on the place
   * index; on a replica set an uncommitted holder is a WriteConflict, which the transaction
   * runner retries itself). A retry spreads over the tied engineers (`chooseEngineer`).
   */
  async withRetries<T>(work: (spread: boolean) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await work(attempt > 0);
      } catch (error) {
        if (!isPlaceTaken(error)) throw error;
        if (attempt + 1 >= MAX_BOOKING_ATTEMPTS) throw new ConcurrentCaseUpdateError();
      }
    }
  }
}
