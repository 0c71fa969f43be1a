import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { ClientSession } from 'mongoose';
import type { EventEnvelope } from '@support-hub/contracts';
import { EventBroadcasts } from '@support-hub/messaging';
import { APP_CONFIG, PeriodicTask, ReadinessRegistry } from '@support-hub/platform';
import type { AccessConfig } from '../config/access.config';
import type { GrantRecord, IndexedGrant } from './grant';
import { GrantsRepository } from './grants.repository';
import { LiveGrantIndex } from './live-grant.index';

type GrantKey = Pick<GrantRecord, '_id' | 'engineerId' | 'tenantId'>;

/** The periodic reload runs at most once per this many times its own duration. */
const RESYNC_DUTY = 20;

/**
 * Keeps this replica's `LiveGrantIndex` in step with the database:
 * - this replica's own ends and issues, through the session of the transaction that makes them
 *   (`forget`, `refreshWhenEnded`);
 * - other replicas' changes, through their `access.granted` / `access.revoked` broadcasts, which
 *   every replica hears (published after commit: milliseconds), and `case.closed`,
 *   `engineer.deactivated`, `contract.expired` (hidden at once on every replica, not only the
 *   one that applies them) with what lifts them (a reopening, a reactivation, a renewal);
 * - anything missed (a lost broadcast, a reconnect), through a full resync every
 *   GRANT_INDEX_RESYNC_MS and after every broadcast reconnect.
 * A key the index has no grant for is asked of the database by the caller, so a grant issued on
 * another replica is in force everywhere once it commits.
 */
@Injectable()
export class LiveGrantSync implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(LiveGrantSync.name);
  private readonly resyncTask: PeriodicTask;
  private lastResync = { endedAt: 0, tookMs: 0 };

  constructor(
    private readonly index: LiveGrantIndex,
    private readonly grants: GrantsRepository,
    @Inject(APP_CONFIG) config: AccessConfig,
    private readonly broadcasts: EventBroadcasts,
    readiness: ReadinessRegistry,
  ) {
    // A replica answers checks from the database until its index is loaded: correct, slower.
    readiness.register('grant-index', () => this.index.isLoaded);
    this.resyncTask = new PeriodicTask('live grants resync', config.GRANT_INDEX_RESYNC_MS, () => this.periodicResync(), this.logger);
  }

  onApplicationBootstrap(): void {
    this.broadcasts.subscribe(
      ['access.granted', 'access.revoked', 'case.closed', 'case.reopened', 'engineer.deactivated', 'engineer.updated', 'contract.expired', 'contract.updated'],
      (event) => this.onBroadcast(event),
      // Loaded only once the broadcasts are heard: a grant ended on another replica between an
      // earlier load and the binding would otherwise stay live here until the periodic resync.
      // Until then the index answers `undefined` and checks ask the database.
      () => void this.resync().catch((error: Error) => this.logger.warn(`load of live grants failed: ${error.message}`)),
    );
    this.resyncTask.start();
  }

  /** Other replicas' grant changes, and the closes, deactivations and expiries every replica hides at once (see `caseClosed`). */
  private onBroadcast(event: EventEnvelope): void {
    switch (event.type) {
      case 'case.closed':
      case 'case.reopened': {
        const { caseId, revision } = event.data as EventEnvelope<'case.closed'>['data'];
        return event.type === 'case.closed' ? this.index.caseClosed(caseId, revision) : this.index.caseReopened(caseId, revision);
      }
      case 'engineer.deactivated':
        return this.index.engineerDeactivated((event.data as EventEnvelope<'engineer.deactivated'>['data']).engineerId);
      case 'engineer.updated': {
        const { engineerId, active } = event.data as EventEnvelope<'engineer.updated'>['data'];
        return active ? this.index.engineerReactivated(engineerId) : undefined;
      }
      case 'contract.expired':
      case 'contract.updated': {
        const { workspaceIds, revision, reactivated } = event.data as EventEnvelope<'contract.updated'>['data'];
        if (event.type === 'contract.expired') return this.index.contractExpired(workspaceIds, revision);
        return reactivated ? this.index.contractRenewed(workspaceIds, revision) : undefined;
      }
      default: {
        const { grantId, engineerId, tenantId } = event.data as EventEnvelope<'access.revoked'>['data'];
        if (event.type === 'access.revoked') this.index.remove(grantId, engineerId, tenantId);
        else void this.refreshLogged(engineerId, tenantId);
      }
    }
  }

  onApplicationShutdown(): void {
    this.resyncTask.stop();
  }

  /**
   * A grant is ending in `session`: the index stops answering with it now. When the session
   * ends its key is reloaded, which restores the grant if the transaction aborted.
   */
  forget(grant: GrantKey, session: ClientSession): void {
    this.index.beginEnding(grant);
    session.once('ended', () => {
      if (this.index.endingSettled(grant)) void this.refreshLogged(grant.engineerId, grant.tenantId);
    });
  }

  /**
   * A grant was issued in `session`. Until the reload after the session's end completes, the
   * key answers `undefined` (ask the database), so a check made right after the approval
   * answered — on this replica — sees the grant: read-your-writes for the approving client.
   */
  refreshWhenEnded(session: ClientSession, engineerId: string, tenantId: string): void {
    this.index.beginReload(engineerId, tenantId);
    session.once('ended', () => void this.refreshLogged(engineerId, tenantId).finally(() => this.index.reloaded(engineerId, tenantId)));
  }

  async refreshKey(engineerId: string, tenantId: string): Promise<void> {
    const mark = this.index.readMark();
    this.index.replaceKey(engineerId, tenantId, await this.grants.activeForIndex({ engineerId, tenantId }), mark);
  }

  /** A full reload, now (the broadcast queue bound at start-up or after a reconnect). */
  async resync(): Promise<void> {
    const startedAt = Date.now();
    const mark = this.index.readMark();
    const rows: IndexedGrant[] = [];
    for await (const batch of this.grants.eachActiveForIndex()) rows.push(...batch);
    this.index.replaceAll(rows, mark);
    this.lastResync = { endedAt: Date.now(), tookMs: Date.now() - startedAt };
  }

  /**
   * The periodic reload, a safety net for a lost broadcast: skipped while the last one ended less
   * than RESYNC_DUTY times its own duration ago, so with many live grants it costs at most about
   * 1/RESYNC_DUTY of the time (with 100k grants, a reload of ~1 s runs about every 20 s; with a few
   * thousand, every GRANT_INDEX_RESYNC_MS).
   */
  private periodicResync(): Promise<void> {
    if (Date.now() - this.lastResync.endedAt < this.lastResync.tookMs * RESYNC_DUTY) return Promise.resolve();
    return this.resync();
  }

  private async refreshLogged(engineerId: string, tenantId: string): Promise<void> {
    await this.refreshKey(engineerId, tenantId).catch((error: Error) => this.logger.warn(`refresh failed: ${error.message}`));
  }
}
