import { Injectable, Logger } from '@nestjs/common';
import type { ClientSession } from 'mongoose';
import type { AuthenticatedUser } from '@support-hub/auth';
import { Outbox } from '@support-hub/messaging';
import { isDuplicateKey, TransactionRunner } from '@support-hub/persistence';
import { Clock, decodeTimeCursor, DEFAULT_PAGE_SIZE, type Page, type PageQueryDto, toPage } from '@support-hub/platform';
import type { RegisterEngineerDto } from './dto/register-engineer.dto';
import type { UpdateEngineerDto } from './dto/update-engineer.dto';
import { engineerDeactivated, engineerRegistered, engineerUpdated } from './engineer.events';
import { EngineerLoadReader, noLoad } from './engineer-load.reader';
import { changedFields, changesOf, isDeactivation, mayTakeWaitingCases, registerEngineer, type EngineerRecord } from './engineer';
import { toEngineerView, type EngineerView } from './engineer.view';
import { EmptyEngineerUpdateError, EngineerAlreadyRegisteredError, EngineerNotFoundError } from './engineers.errors';
import { EngineersRepository } from './engineers.repository';

/** Told, inside the deactivating transaction, that an engineer left; answers how many of their cases moved. */
export type DeactivationListener = (engineerId: string, now: Date, session: ClientSession) => Promise<number>;
/** Told, after the change, that someone may now qualify for waiting cases. */
export type AvailabilityListener = () => Promise<unknown>;

/**
 * The engineer directory a support manager maintains. What a change means for cases (waiting
 * cases taken, a leaver's cases reassigned) belongs to assignment, which listens here: the
 * directory never imports cases.
 */
@Injectable()
export class EngineersService {
  private readonly logger = new Logger(EngineersService.name);
  private readonly deactivationListeners: DeactivationListener[] = [];
  private readonly availabilityListeners: AvailabilityListener[] = [];

  constructor(
    private readonly engineers: EngineersRepository,
    private readonly loads: EngineerLoadReader,
    private readonly outbox: Outbox,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  onDeactivated(listener: DeactivationListener): void {
    this.deactivationListeners.push(listener);
  }

  onAvailable(listener: AvailabilityListener): void {
    this.availabilityListeners.push(listener);
  }

  /** The engineer and `engineer.registered` are stored together (outbox). */
  async register(manager: AuthenticatedUser, input: RegisterEngineerDto): Promise<EngineerView> {
    const engineer = registerEngineer(input.userId, input, this.clock.now());
    try {
      await this.tx.run(async (session) => {
        await this.engineers.insert(engineer, session);
        await this.outbox.record([engineerRegistered(engineer, manager.id)], session);
      });
    } catch (error) {
      if (isDuplicateKey(error)) throw new EngineerAlreadyRegisteredError();
      throw error;
    }
    if (engineer.active) await this.assignWaitingCases();
    return this.viewOf(engineer._id, engineer);
  }

  async list(query: PageQueryDto): Promise<Page<EngineerView>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.engineers.list(decodeTimeCursor(query.cursor), limit + 1);
    const loads = await this.loads.loadsOf(rows.map((row) => row._id));
    return toPage(rows, limit, (row) => ({ sortKey: row.registeredAt.toISOString(), id: row._id }), (row) => toEngineerView(row, loads.get(row._id) ?? noLoad(row._id)));
  }

  /**
   * A change that alters something is announced (`engineer.updated`, the whole new state).
   * Deactivation ends the engineer's part in every case at once, in one transaction with the
   * change: `engineer.deactivated` (the access service ends every grant and pending request
   * they hold) and their open cases back to automatic assignment (`case.assigned`). A booking
   * made meanwhile is sent back after the commit (`sendBackLateBookings`).
   */
  async update(manager: AuthenticatedUser, engineerId: string, input: UpdateEngineerDto): Promise<EngineerView> {
    if (Object.values(input).every((value) => value === undefined)) throw new EmptyEngineerUpdateError();
    const now = this.clock.now();
    const changes = changesOf(input, now);
    const { updated, casesMoved, deactivated } = await this.tx.run(async (session) => {
      const current = await this.engineers.findById(engineerId, session);
      const next = current && (await this.engineers.update(engineerId, changes, session));
      if (!next) throw new EngineerNotFoundError();
      const changed = changedFields(current!, next);
      if (changed.length > 0) await this.outbox.record([engineerUpdated(next, changed, manager.id)], session);
      if (!isDeactivation(current!, next)) return { updated: next, casesMoved: 0, deactivated: false };
      await this.outbox.record([engineerDeactivated(engineerId, manager.id, now)], session);
      let casesMoved = 0;
      for (const listener of this.deactivationListeners) casesMoved += await listener(engineerId, now, session);
      return { updated: next, casesMoved, deactivated: true };
    });
    if (casesMoved > 0) this.logger.log(`engineer ${engineerId} deactivated: ${casesMoved} open case(s) sent back to assignment`);
    if (deactivated) await this.sendBackLateBookings(engineerId, now);
    // Reactivation or new expertise may make this engineer the first qualified for a waiting case.
    if (mayTakeWaitingCases(updated, input)) await this.assignWaitingCases();
    return this.viewOf(engineerId, updated);
  }

  /**
   * A booking no longer writes the engineer's document, so one that read them as active before
   * the deactivation committed may commit after it: a second pass, once the deactivation is
   * visible, sends such a case back too (and the periodic pass catches one later still).
   */
  private async sendBackLateBookings(engineerId: string, now: Date): Promise<void> {
    await this.tx.run(async (session) => {
      for (const listener of this.deactivationListeners) await listener(engineerId, now, session);
    });
  }

  private async viewOf(engineerId: string, fallback: EngineerRecord): Promise<EngineerView> {
    const [record, loads] = await Promise.all([this.engineers.findById(engineerId), this.loads.loadsOf([engineerId])]);
    return toEngineerView(record ?? fallback, loads.get(engineerId)!);
  }

  /** Assignment also sweeps periodically, so a crash between the change and this call delays, never loses, an assignment. */
  private async assignWaitingCases(): Promise<void> {
    for (const listener of this.availabilityListeners) await listener();
  }
}
