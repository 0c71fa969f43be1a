import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { ClientSession, Model } from 'mongoose';
import { EventBroadcasts } from '@support-hub/messaging';
import { APP_CONFIG } from '@support-hub/platform';
import type { AccessConfig } from '../config/access.config';
import type { GrantRecord } from './grant';
import { GRANT } from './grant.schema';
import type { LiveGrant } from './grants.repository';

type IndexedGrant = LiveGrant & { engineerId: string; tenantId: string };

const keyOf = (engineerId: string, tenantId: string): string => `${engineerId}\u0000${tenantId}`;
/** How long the grants of a failed close stay hidden: past every retry of the event (1 s, 5 s, 30 s). */
const STILL_HIDDEN_MS = 60_000;
const PROJECTION = { _id: 1, basis: 1, expiresAt: 1, caseId: 1, engineerId: 1, tenantId: 1 } as const;

/**
 * The access check and every diagnostic read are answered from memory: the active grants of
 * this service, keyed by (engineer, tenant). Live grants are few (short-lived, one per
 * engineer, tenant and case), so the whole set fits and loads in one query.
 *
 * Correctness rules, because this decides who reads a customer's data:
 * - Expiry is compared with the clock on every lookup: nothing here extends access.
 * - Ending a grant removes it at once, before the transaction commits (fail closed), and no
 *   reload may bring it back while that transaction is open; when the session ends the key is
 *   reloaded from the database, which restores it if the transaction aborted. Issuing a grant
 *   only ever adds it after the session ended, from the database.
 * - A case being closed or reassigned hides its grants, and an engineer being deactivated
 *   theirs, from the moment the event arrives, before any database work (`hideCaseWhile`,
 *   `hideEngineerWhile`): revocation costs no round trip.
 * - Changes made by another replica arrive with its `access.granted` / `access.revoked`
 *   events, which every replica hears (a broadcast, published after commit: milliseconds),
 *   and, should a broadcast be missed, with the periodic resync (GRANT_INDEX_RESYNC_MS). A key
 *   the index has no grant for is asked of the database by the caller, so a grant issued on
 *   another replica is in force everywhere once it commits.
 * - A reload never resurrects a grant removed after the reload began (the forget epoch).
 * - Until the first load completes, and while a key reloads after issuing a grant, `live`
 *   answers `undefined` and callers ask the database.
 */
@Injectable()
export class LiveGrantIndex implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(LiveGrantIndex.name);
  private byKey = new Map<string, Map<string, IndexedGrant>>();
  private loaded = false;
  private epoch = 0;
  /** grantId → epoch of its removal; kept for a while so slow reloads cannot bring it back. */
  private readonly forgotten = new Map<string, number>();
  /** Grants with an ending transaction still open: no reload may bring them back meanwhile. */
  private readonly ending = new InFlight<string>();
  /** Cases being closed or reassigned right now: their grants answer nothing. */
  private readonly closingCases = new InFlight<string>();
  /** Engineers being deactivated right now: their grants answer nothing. */
  private readonly leavingEngineers = new InFlight<string>();
  private timer?: NodeJS.Timeout;
  /** Keys with a grant being issued, until its reload. */
  private readonly reloading = new InFlight<string>();

  constructor(
    @Inject(GRANT) private readonly grants: Model<GrantRecord>,
    @Inject(APP_CONFIG) private readonly config: AccessConfig,
    private readonly broadcasts: EventBroadcasts,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.broadcasts.subscribe(
      ['access.granted', 'access.revoked'],
      (event) => {
        const { grantId, engineerId, tenantId } = event.data as { grantId: string; engineerId: string; tenantId: string };
        if (event.type === 'access.revoked') this.remove(grantId, engineerId, tenantId);
        else void this.refreshKey(engineerId, tenantId).catch((error: Error) => this.logger.warn(`refresh failed: ${error.message}`));
      },
      () => void this.resync().catch((error: Error) => this.logger.warn(`resync failed: ${error.message}`)),
    );
    await this.resync().catch((error: Error) => this.logger.warn(`first load of live grants failed: ${error.message}`));
    this.timer = setInterval(() => void this.resync().catch((error: Error) => this.logger.warn(`resync failed: ${error.message}`)), this.config.GRANT_INDEX_RESYNC_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** The live grant with the latest expiry, null if none; undefined while not loaded yet. */
  live(engineerId: string, tenantId: string, now: Date): LiveGrant | null | undefined {
    if (!this.loaded || this.reloading.has(keyOf(engineerId, tenantId))) return undefined;
    if (this.leavingEngineers.size > 0 && this.leavingEngineers.has(engineerId)) return null;
    let best: IndexedGrant | null = null;
    for (const grant of this.byKey.get(keyOf(engineerId, tenantId))?.values() ?? []) {
      if (this.closingCases.size > 0 && this.closingCases.has(grant.caseId)) continue;
      if (grant.expiresAt.getTime() > now.getTime() && (!best || grant.expiresAt > best.expiresAt)) best = grant;
    }
    return best && { _id: best._id, basis: best.basis, expiresAt: best.expiresAt, caseId: best.caseId };
  }

  /**
   * A grant is ending: stop answering with it now. Until the session ends, a reload reads the
   * grant as still active (its end is not committed), so it stays forgotten for every reload;
   * after, only reloads begun before the end can have read it. Then its key is reloaded, which
   * restores it if the transaction aborted.
   */
  forget(grant: Pick<GrantRecord, '_id' | 'engineerId' | 'tenantId'>, session: ClientSession): void {
    this.ending.add(grant._id);
    this.remove(grant._id, grant.engineerId, grant.tenantId);
    session.once('ended', () => {
      // Another transaction ending it is still open: if this one aborted, that one may commit.
      if (!this.ending.release(grant._id)) return;
      this.remove(grant._id, grant.engineerId, grant.tenantId);
      void this.refreshLogged(grant.engineerId, grant.tenantId);
    });
  }

  /**
   * For answers read from the database (before the first load, or while a key reloads): a
   * grant of a closing case or leaving engineer, or with an end in progress, counts as gone,
   * as it does here.
   */
  isWithdrawn(grant: Pick<GrantRecord, '_id' | 'caseId' | 'engineerId'>): boolean {
    return this.closingCases.has(grant.caseId) || this.leavingEngineers.has(grant.engineerId) || this.ending.has(grant._id);
  }

  /**
   * Answers nothing for the grants of `caseId` while `work` (the close or reassignment being
   * applied) runs. The grants themselves are ended by `work` through `forget`; if it ends none
   * (a stale event), they answer again as soon as it settles. When a close (`untilApplied`)
   * fails, its event comes back (retry, here or on another replica): the grants stay hidden
   * meanwhile, so a refused read is never followed by an allowed one (revocation only moves
   * forward), for at most STILL_HIDDEN_MS (the retries' span; by then the close is applied or
   * dead-lettered, and the database says which).
   */
  async hideCaseWhile<T>(caseId: string, work: () => Promise<T>, untilApplied = false): Promise<T> {
    return this.hiddenWhile(this.closingCases, caseId, work, untilApplied);
  }

  /** The same for every grant of an engineer, while their deactivation is applied (and, should it fail, a while after). */
  hideEngineerWhile<T>(engineerId: string, work: () => Promise<T>): Promise<T> {
    return this.hiddenWhile(this.leavingEngineers, engineerId, work, true);
  }

  /**
   * A grant was issued in this session. Until the reload after the session's end completes,
   * the key answers `undefined` (ask the database), so a check made right after the approval
   * answered — on this replica — sees the grant: read-your-writes for the approving client.
   */
  refreshWhenEnded(session: ClientSession, engineerId: string, tenantId: string): void {
    const key = keyOf(engineerId, tenantId);
    this.reloading.add(key);
    session.once('ended', () => void this.refreshLogged(engineerId, tenantId).finally(() => this.reloading.release(key)));
  }

  private async refreshLogged(engineerId: string, tenantId: string): Promise<void> {
    await this.refreshKey(engineerId, tenantId).catch((error: Error) => this.logger.warn(`refresh failed: ${error.message}`));
  }

  async refreshKey(engineerId: string, tenantId: string): Promise<void> {
    const startedAt = this.epoch;
    const rows = await this.grants.find({ engineerId, tenantId, status: 'active' }, PROJECTION).lean<IndexedGrant[]>().exec();
    const fresh = new Map(rows.filter((row) => !this.forgottenSince(row._id, startedAt)).map((row) => [row._id, row]));
    if (fresh.size) this.byKey.set(keyOf(engineerId, tenantId), fresh);
    else this.byKey.delete(keyOf(engineerId, tenantId));
  }

  async resync(): Promise<void> {
    const startedAt = this.epoch;
    const rows = await this.grants.find({ status: 'active' }, PROJECTION).lean<IndexedGrant[]>().exec();
    const next = new Map<string, Map<string, IndexedGrant>>();
    for (const row of rows) {
      if (this.forgottenSince(row._id, startedAt)) continue;
      const key = keyOf(row.engineerId, row.tenantId);
      if (!next.has(key)) next.set(key, new Map());
      next.get(key)!.set(row._id, row);
    }
    this.byKey = next;
    this.loaded = true;
    // Only a reload that began before a removal can race it; remember the last 10,000 removals.
    for (const [grantId, epoch] of this.forgotten) if (epoch < startedAt - 10_000) this.forgotten.delete(grantId);
  }

  private async hiddenWhile<K, T>(hidden: InFlight<K>, key: K, work: () => Promise<T>, untilApplied: boolean): Promise<T> {
    hidden.add(key);
    try {
      return await work();
    } catch (error) {
      if (untilApplied) {
        hidden.add(key);
        setTimeout(() => hidden.release(key), STILL_HIDDEN_MS).unref();
      }
      throw error;
    } finally {
      hidden.release(key);
    }
  }

  private remove(grantId: string, engineerId: string, tenantId: string): void {
    this.epoch += 1;
    this.forgotten.set(grantId, this.epoch);
    this.byKey.get(keyOf(engineerId, tenantId))?.delete(grantId);
  }

  private forgottenSince(grantId: string, epoch: number): boolean {
    return this.ending.has(grantId) || (this.forgotten.get(grantId) ?? -1) > epoch;
  }
}

/** Keys in use by work in flight, counted: a key stays in until its last use is released. */
class InFlight<K> {
  private readonly uses = new Map<K, number>();

  get size(): number {
    return this.uses.size;
  }

  has(key: K): boolean {
    return this.uses.has(key);
  }

  add(key: K): void {
    this.uses.set(key, (this.uses.get(key) ?? 0) + 1);
  }

  /** True when that was the last use of `key`. */
  release(key: K): boolean {
    const left = (this.uses.get(key) ?? 1) - 1;
    if (left > 0) this.uses.set(key, left);
    else this.uses.delete(key);
    return left <= 0;
  }
}
