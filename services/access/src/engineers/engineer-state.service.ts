import { Injectable } from '@nestjs/common';
import type { EventEnvelope } from '@support-hub/contracts';
import { TransactionRunner } from '@support-hub/persistence';
import { EngineerCopiesRepository } from '../engineer-copies/engineer-copies.repository';
import { withState } from '../engineer-copies/engineer-copy';

type EngineerStateEvent = EventEnvelope<'engineer.registered'> | EventEnvelope<'engineer.updated'>;

/**
 * Keeps the copy of each engineer's standing from the directory's state events, so that no
 * grant is issued to an engineer known to be inactive. Ending what they hold is
 * `engineer.deactivated`'s work (`EngineerDeactivationService`), not this one's.
 */
@Injectable()
export class EngineerStateService {
  constructor(
    private readonly copies: EngineerCopiesRepository,
    private readonly tx: TransactionRunner,
  ) {}

  async recordState(event: EngineerStateEvent): Promise<void> {
    const { engineerId, active, revision } = event.data;
    const at = new Date(event.type === 'engineer.registered' ? event.data.registeredAt : event.data.updatedAt);
    await this.tx.run((session) => this.copies.record(engineerId, (previous) => withState(previous, { engineerId, active, revision, at }), session));
  }
}
