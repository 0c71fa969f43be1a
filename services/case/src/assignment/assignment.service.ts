import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { ClientSession } from 'mongoose';
import { Outbox, type AnyNewEvent } from '@support-hub/messaging';
import { TransactionRunner } from '@support-hub/persistence';
import { Clock } from '@support-hub/platform';
import type { AuthenticatedUser } from '@support-hub/auth';
import { caseAssigned, caseReassigned } from '../cases/case.events';
import { assign, reassign, type CaseRecord } from '../cases/case';
import { toCaseView, type CaseView } from '../cases/case.view';
import { CaseNotFoundError, ConcurrentCaseUpdateError } from '../cases/cases.errors';
import { EngineerInactiveError, EngineerNotFoundError } from '../engineers/engineers.errors';
import { CaseBookingService } from '../cases/case-booking.service';
import { CasesRepository, isPlaceTaken } from '../cases/cases.repository';
import { EngineersRepository } from '../engineers/engineers.repository';
import { EngineersService } from '../engineers/engineers.service';

const WAITING_CASES_PER_PASS = 200;

/**
 * Automatic assignment after the directory changes: cases waiting for someone qualified, and the
 * open cases of a deactivated engineer. It listens to the engineer directory (so engineers never
 * import cases); a new case is booked where it is opened (`CasesService`).
 */
@Injectable()
export class AssignmentService implements OnModuleInit {
  private readonly logger = new Logger(AssignmentService.name);

  constructor(
    private readonly cases: CasesRepository,
    private readonly booking: CaseBookingService,
    private readonly engineers: EngineersRepository,
    private readonly directory: EngineersService,
    private readonly outbox: Outbox,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.directory.onDeactivated((engineerId, now, session) => this.sendBackToAssignment(engineerId, now, session));
    this.directory.onAvailable(() => this.assignWaitingCases());
  }

  /**
   * Gives cases waiting `unassigned` to whoever now qualifies (an engineer was registered,
   * reactivated or gained expertise). Each case is its own transaction; a case nobody can
   * take stays waiting. Safe to run concurrently: each re-checks the case inside its transaction.
   */
  async assignWaitingCases(): Promise<number> {
    let assigned = 0;
    for (const { _id } of await this.cases.waitingForEngineer(WAITING_CASES_PER_PASS)) {
      const done = await this.booking.withRetries((spread) =>
        this.tx.run(async (session) => {
          const current = await this.cases.findById(_id, session);
          if (!current || current.status !== 'open' || current.assignedEngineerId) return false;
          const now = this.clock.now();
          const booked = await this.booking.book(current.productAreaKey, session, spread);
          if (!booked) return false;
          const next = assign(current, booked, now);
          await this.commit(current, next, [caseAssigned(next)], session);
          return true;
        }),
      );
      if (done) assigned++;
    }
    if (assigned > 0) this.logger.log(`assigned ${assigned} waiting case(s)`);
    return assigned;
  }

  /**
   * A support manager moves an open case to an active engineer of the directory (whatever their
   * expertise: the manager decides). `case.assigned` ends the previous engineer's access as any
   * reassignment does; `case.reassigned` tells integrators who had it.
   */
  async assignByManager(manager: AuthenticatedUser, caseId: string, engineerId: string): Promise<CaseView> {
    const assigned = await this.booking.withRetries(() =>
      this.tx.run(async (session) => {
        const current = await this.cases.findById(caseId, session);
        if (!current) throw new CaseNotFoundError();
        const engineer = await this.engineers.findById(engineerId, session);
        if (!engineer) throw new EngineerNotFoundError();
        if (!engineer.active) throw new EngineerInactiveError();
        const next = reassign(current, await this.booking.placeWith(engineerId, session), this.clock.now());
        await this.commit(current, next, [caseAssigned(next), caseReassigned(next, current.assignedEngineerId, manager.id)], session);
        return next;
      }),
    );
    return toCaseView(assigned);
  }

  /**
   * The open cases of an engineer who was just deactivated (in `session`, so the directory no
   * longer offers them) go back to automatic assignment, in the deactivation's transaction:
   * each to the next qualified engineer, or to the waiting queue when there is none, with the
   * `case.assigned` event consumers already know. No case event after the deactivation can
   * name the deactivated engineer.
   */
  async sendBackToAssignment(engineerId: string, now: Date, session: ClientSession): Promise<number> {
    const held = await this.cases.openAssignedTo(engineerId, session);
    for (const current of held) {
      const booked = await this.booking.book(current.productAreaKey, session);
      const next = assign(current, booked, now);
      await this.commitMove(current, next, session);
    }
    return held.length;
  }

  /**
   * The periodic pass's part for deactivations: an open case that still names an inactive
   * engineer (its booking committed after the deactivation's passes) goes back to assignment.
   */
  async sendBackCasesOfInactiveEngineers(): Promise<number> {
    const inactive = await this.engineers.inactiveIds();
    const held = inactive.length > 0 ? await this.cases.openAssignedTo({ $in: inactive }) : [];
    const engineers = [...new Set(held.map((kase) => kase.assignedEngineerId!))];
    let moved = 0;
    for (const engineerId of engineers) moved += await this.tx.run((session) => this.sendBackToAssignment(engineerId, this.clock.now(), session));
    if (moved > 0) this.logger.log(`sent ${moved} case(s) of inactive engineers back to assignment`);
    return moved;
  }

  /** A place taken meanwhile fails the deactivation as any concurrent change of its cases does (409, retry). */
  private async commitMove(current: CaseRecord, next: CaseRecord, session: ClientSession): Promise<void> {
    try {
      await this.commit(current, next, [caseAssigned(next)], session);
    } catch (error) {
      throw isPlaceTaken(error) ? new ConcurrentCaseUpdateError() : error;
    }
  }

  private async commit(current: CaseRecord, next: CaseRecord, events: AnyNewEvent[], session: ClientSession): Promise<void> {
    if (!(await this.cases.replaceRevision(current, next, session))) throw new ConcurrentCaseUpdateError();
    await this.outbox.record(events, session);
  }
}
