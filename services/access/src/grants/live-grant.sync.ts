import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { ClientSession } from 'mongoose';
import { EventBroadcasts } from '@support-hub/messaging';
import { APP_CONFIG, PeriodicTask } from '@support-hub/platform';
import type { AccessConfig } from '../config/access.config';
import type { GrantRecord } from './grant';
import { GrantsRepository } from './grants.repository';
import { LiveGrantIndex } from './live-grant.index';

type GrantKey = Pick<GrantRecord, '_id' | 'engineerId' | 'tenantId'>;

/**
 * Keeps this replica's `LiveGrantIndex` in step with the database:
 * - this replica's own ends and issues, through the session of the transaction that makes them
 *   (`forget`, `refreshWhenEnded`);
 * - other replicas' changes, through their `access.granted` / `access.revoked` broadcasts, which
 *   every replica hears (published after commit: milliseconds);
 * - anything missed (a lost broadcast, a reconnect), through a full resync every
 *   GRANT_INDEX_RESYNC_MS and after every broadcast reconnect.
 * A key the index has no grant for is asked of the database by the caller, so a grant issued on
 * another replica is in force everywhere once it commits.
 */
@Injectable()
export class LiveGrantSync implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(LiveGrantSync.name);
  private readonly resyncTask: PeriodicTask;

  constructor(
    private readonly index: LiveGrantIndex,
    private readonly grants: GrantsRepository,
    @Inject(APP_CONFIG) config: AccessConfig,
    private readonly broadcasts: EventBroadcasts,
  ) {
    this.resyncTask = new PeriodicTask('live grants resync', config.GRANT_INDEX_RESYNC_MS, () => this.resync(), this.logger);
  }

  async onApplicationBootstrap(): Promise<void> {
    this.broadcasts.subscribe(
      ['access.granted', 'access.revoked'],
      (event) => {
        const { grantId, engineerId, tenantId } = event.data as { grantId: string; engineerId: string; tenantId: string };
        if (event.type === 'access.revoked') this.index.remove(grantId, engineerId, tenantId);
        else void this.refreshLogged(engineerId, tenantId);
      },
      () => void this.resyncTask.runNow(),
    );
    await this.resyncTask.runNow();
    this.resyncTask.start();
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

  async resync(): Promise<void> {
    const mark = this.index.readMark();
    this.index.replaceAll(await this.grants.activeForIndex(), mark);
  }

  private async refreshLogged(engineerId: string, tenantId: string): Promise<void> {
    await this.refreshKey(engineerId, tenantId).catch((error: Error) => this.logger.warn(`refresh failed: ${error.message}`));
  }
}
