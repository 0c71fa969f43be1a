import type { GrantRecord, IndexedGrant, LiveGrant } from './grant';
import { HiddenForAWhile } from './hidden-for-a-while';
import { InFlight } from './in-flight';

const keyOf = (engineerId: string, tenantId: string): string => `${engineerId}\u0000${tenantId}`;

/**
 * The access check and every diagnostic read are answered from memory: the active grants of
 * this service, keyed by (engineer, tenant). Live grants are few (short-lived, one per
 * engineer, tenant and case), so the whole set fits. This class is the index alone — no I/O;
 * `LiveGrantSync` fills it from the grants repository and the `access.*` broadcasts.
 *
 * Correctness rules, because this decides who reads a customer's data:
 * - Expiry is compared with the clock on every lookup: nothing here extends access.
 * - Ending a grant removes it at once, before the transaction commits (fail closed), and no
 *   reload may bring it back while that transaction is open (`beginEnding` … `endingSettled`).
 * - A case being closed or reassigned hides its grants, and an engineer being deactivated
 *   theirs, from the moment the event arrives, before any database work (`hideCaseWhile`,
 *   `hideEngineerWhile`): revocation costs no round trip.
 * - Every replica hides a closed case's grants, a deactivated engineer's and an expired contract's
 *   when it hears the event (`caseClosed`, …), not when the replica applying it has ended them;
 *   a failed reassignment keeps the former engineer out until its retry (`hideReassignedCaseWhile`).
 * - A reload never resurrects a grant removed after the reload began (the forget epoch), and a
 *   database answer counts one removed since the read began as gone (`isWithdrawn`).
 * - Until the first load completes, and while a key reloads after issuing a grant, `live`
 *   answers `undefined` and callers ask the database.
 */
export class LiveGrantIndex {
  private byKey = new Map<string, Map<string, IndexedGrant>>();
  private loaded = false;
  private epoch = 0;
  /** grantId → epoch of its removal; kept for a while so slow reloads cannot bring it back. */
  private readonly forgotten = new Map<string, number>();
  /** Grants with an ending transaction still open: no reload may bring them back meanwhile. */
  private readonly ending = new InFlight<string>();
  /** Cases being closed or reassigned right now: their grants answer nothing. */
  private readonly closingCases = new InFlight<string>();
  /** Workspaces whose contract is expiring right now: their grants answer nothing. */
  private readonly endingWorkspaces = new InFlight<string>();
  /** Engineers being deactivated right now: their grants answer nothing. */
  private readonly leavingEngineers = new InFlight<string>();
  /** Keys with a grant being issued, until its reload. */
  private readonly reloading = new InFlight<string>();
  /** Closed cases, deactivated engineers, expired contracts' workspaces, as every replica hears them (broadcasts): their grants answer nothing. */
  private readonly closedCases: HiddenForAWhile<string>;
  private readonly deactivatedEngineers: HiddenForAWhile<string>;
  private readonly expiredWorkspaces: HiddenForAWhile<string>;
  /** caseId → the engineers failed reassignments gave it to: everyone else's grants of it answer nothing. */
  private readonly reassignedTo = new Map<string, InFlight<string>>();

  /**
   * @param stillHiddenMs how long the grants of a failed close or deactivation stay hidden: the
   *   span of its event's retries, after which it is applied or dead-lettered.
   */
  constructor(private readonly stillHiddenMs: number) {
    this.closedCases = new HiddenForAWhile(stillHiddenMs);
    this.deactivatedEngineers = new HiddenForAWhile(stillHiddenMs);
    this.expiredWorkspaces = new HiddenForAWhile(stillHiddenMs);
  }

  get isLoaded(): boolean {
    return this.loaded;
  }

  /** The live grant with the latest expiry, null if none; undefined while not loaded yet. */
  live(engineerId: string, tenantId: string, now: Date): LiveGrant | null | undefined {
    if (!this.loaded || this.reloading.has(keyOf(engineerId, tenantId))) return undefined;
    let best: IndexedGrant | null = null;
    for (const grant of this.byKey.get(keyOf(engineerId, tenantId))?.values() ?? []) {
      if (this.isHidden(grant)) continue;
      if (grant.expiresAt.getTime() > now.getTime() && (!best || grant.expiresAt > best.expiresAt)) best = grant;
    }
    return best && { _id: best._id, basis: best.basis, expiresAt: best.expiresAt, caseId: best.caseId, workspaceId: best.workspaceId };
  }

  /**
   * For answers read from the database (a key the index holds no grant for, before the first
   * load, or while a key reloads): a grant of a closing case or leaving engineer, or with an
   * end in progress, counts as gone, as it does here — and so does one removed since `mark`
   * (taken before the read): a read sent while its end was uncommitted may answer after the
   * end has committed and settled, still showing it active.
   */
  isWithdrawn(grant: Pick<GrantRecord, '_id' | 'caseId' | 'workspaceId' | 'engineerId'>, mark: number): boolean {
    return this.isHidden(grant) || this.forgottenSince(grant._id, mark);
  }

  /**
   * Answers nothing for the grants of `caseId` while `work` (the close or reassignment being
   * applied) runs. The grants themselves are ended by `work`; if it ends none (a stale event),
   * they answer again as soon as it settles. When a close (`untilApplied`) fails, its event
   * comes back (retry, here or on another replica): the grants stay hidden meanwhile, so a
   * refused read is never followed by an allowed one (revocation only moves forward), for at
   * most `stillHiddenMs`.
   */
  hideCaseWhile<T>(caseId: string, work: () => Promise<T>, untilApplied = false): Promise<T> {
    return this.hiddenWhile(this.closingCases, [caseId], work, untilApplied ? () => this.holdForRetrySpan(this.closingCases, [caseId]) : undefined);
  }

  /**
   * A reassignment to `assignee`: the case's grants answer nothing while `work` applies it. Should
   * it fail (its ends roll back, and a reload would bring the former engineer's grant back), its
   * event comes back: meanwhile, for at most `stillHiddenMs`, every grant of the case except the
   * new engineer's stays hidden — the new one's consent grant is not held up by the failure.
   */
  hideReassignedCaseWhile<T>(caseId: string, assignee: string | null, work: () => Promise<T>): Promise<T> {
    return this.hiddenWhile(this.closingCases, [caseId], work, () => {
      // Only `assignee`'s grants of the case answer ('' for nobody's).
      const assignees = this.reassignedTo.get(caseId) ?? new InFlight<string>();
      this.reassignedTo.set(caseId, assignees);
      this.holdForRetrySpan(assignees, [assignee ?? ''], () => assignees.size === 0 && this.reassignedTo.delete(caseId));
    });
  }

  /**
   * A case closed, heard by every replica (not only the one applying it, which also hides it
   * while it does): its grants answer nothing from now on — this replica would otherwise learn of
   * each end only from its `access.revoked`, after the other replica's transaction and outbox,
   * or after the close's retries should it fail there. For `stillHiddenMs` (the close's retry
   * span) unless a later reopening is heard first; a closed case gets no new grant meanwhile.
   */
  caseClosed(caseId: string, revision: number): void {
    this.closedCases.hide(caseId, revision);
  }

  caseReopened(caseId: string, revision: number): void {
    this.closedCases.lift(caseId, revision);
  }

  /** The same for an engineer's grants when their deactivation is heard; a later reactivation lifts it. */
  engineerDeactivated(engineerId: string): void {
    this.deactivatedEngineers.hide(engineerId);
  }

  engineerReactivated(engineerId: string): void {
    this.deactivatedEngineers.lift(engineerId, Number.POSITIVE_INFINITY);
  }

  /** The same for the grants in an expired contract's workspaces; a later renewal lifts it. */
  contractExpired(workspaceIds: readonly string[], revision: number): void {
    for (const workspaceId of workspaceIds) this.expiredWorkspaces.hide(workspaceId, revision);
  }

  contractRenewed(workspaceIds: readonly string[], revision: number): void {
    for (const workspaceId of workspaceIds) this.expiredWorkspaces.lift(workspaceId, revision);
  }

  /** The same for every grant of an engineer, while their deactivation is applied (and, should it fail, a while after). */
  hideEngineerWhile<T>(engineerId: string, work: () => Promise<T>): Promise<T> {
    return this.hiddenWhile(this.leavingEngineers, [engineerId], work, () => this.holdForRetrySpan(this.leavingEngineers, [engineerId]));
  }

  /** The same for every grant in the workspaces of a contract whose term ended, while its expiry is applied. */
  hideWorkspacesWhile<T>(workspaceIds: readonly string[], work: () => Promise<T>): Promise<T> {
    return this.hiddenWhile(this.endingWorkspaces, workspaceIds, work, () => this.holdForRetrySpan(this.endingWorkspaces, workspaceIds));
  }

  /** A grant's ending transaction began: it answers nothing from now on, and no reload may bring it back. */
  beginEnding(grant: Pick<GrantRecord, '_id' | 'engineerId' | 'tenantId'>): void {
    this.ending.add(grant._id);
    this.remove(grant._id, grant.engineerId, grant.tenantId);
  }

  /**
   * A transaction ending the grant finished (committed or aborted). True when it was the last
   * one: the key should then be reloaded, which restores the grant if every ending aborted.
   */
  endingSettled(grant: Pick<GrantRecord, '_id' | 'engineerId' | 'tenantId'>): boolean {
    if (!this.ending.release(grant._id)) return false;
    // Reloads begun before now may have read it as active: they must not bring it back.
    this.remove(grant._id, grant.engineerId, grant.tenantId);
    return true;
  }

  /** A grant is being issued for this key: answer `undefined` (ask the database) until `reloaded`. */
  beginReload(engineerId: string, tenantId: string): void {
    this.reloading.add(keyOf(engineerId, tenantId));
  }

  reloaded(engineerId: string, tenantId: string): void {
    this.reloading.release(keyOf(engineerId, tenantId));
  }

  /** Another replica (or this one) ended a grant. */
  remove(grantId: string, engineerId: string, tenantId: string): void {
    this.epoch += 1;
    this.forgotten.set(grantId, this.epoch);
    this.byKey.get(keyOf(engineerId, tenantId))?.delete(grantId);
  }

  /** Taken before reading the database; the read's rows are then applied with this mark. */
  readMark(): number {
    return this.epoch;
  }

  /** The active grants of one key, as read since `mark`. */
  replaceKey(engineerId: string, tenantId: string, rows: readonly IndexedGrant[], mark: number): void {
    const fresh = new Map(rows.filter((row) => !this.forgottenSince(row._id, mark)).map((row) => [row._id, row]));
    if (fresh.size) this.byKey.set(keyOf(engineerId, tenantId), fresh);
    else this.byKey.delete(keyOf(engineerId, tenantId));
  }

  /** Every active grant, as read since `mark`. */
  replaceAll(rows: readonly IndexedGrant[], mark: number): void {
    const next = new Map<string, Map<string, IndexedGrant>>();
    for (const row of rows) {
      if (this.forgottenSince(row._id, mark)) continue;
      const key = keyOf(row.engineerId, row.tenantId);
      if (!next.has(key)) next.set(key, new Map());
      next.get(key)!.set(row._id, row);
    }
    this.byKey = next;
    this.loaded = true;
    // Only a reload that began before a removal can race it; remember the last 10,000 removals.
    for (const [grantId, epoch] of this.forgotten) if (epoch < mark - 10_000) this.forgotten.delete(grantId);
  }

  /** `onFailure` (what a failure keeps hidden) runs before the keys are released, so no answer falls between the two. */
  private async hiddenWhile<K, T>(hidden: InFlight<K>, keys: readonly K[], work: () => Promise<T>, onFailure?: () => void): Promise<T> {
    for (const key of keys) hidden.add(key);
    try {
      return await work();
    } catch (error) {
      onFailure?.();
      throw error;
    } finally {
      for (const key of keys) hidden.release(key);
    }
  }

  /** Keeps `keys` in `hidden` for the span of a failed event's retries, then `released`. */
  private holdForRetrySpan<K>(hidden: InFlight<K>, keys: readonly K[], released?: () => void): void {
    for (const key of keys) hidden.add(key);
    const release = () => {
      for (const key of keys) hidden.release(key);
      released?.();
    };
    setTimeout(release, this.stillHiddenMs).unref();
  }

  /**
   * Whether a grant answers nothing now: its case, workspace or engineer is being ended here or
   * was heard ended, or a failed reassignment took the case from its engineer. The size checks
   * keep the hot path to a few comparisons when nothing is hidden.
   */
  private isHidden(grant: Pick<IndexedGrant, 'caseId' | 'workspaceId' | 'engineerId'>): boolean {
    const { caseId, workspaceId, engineerId } = grant;
    return (
      (this.closingCases.size > 0 && this.closingCases.has(caseId)) ||
      (this.closedCases.size > 0 && this.closedCases.has(caseId)) ||
      (this.endingWorkspaces.size > 0 && this.endingWorkspaces.has(workspaceId)) ||
      (this.expiredWorkspaces.size > 0 && this.expiredWorkspaces.has(workspaceId)) ||
      (this.leavingEngineers.size > 0 && this.leavingEngineers.has(engineerId)) ||
      (this.deactivatedEngineers.size > 0 && this.deactivatedEngineers.has(engineerId)) ||
      (this.reassignedTo.size > 0 && this.isReassignedAway(caseId, engineerId))
    );
  }

  private isReassignedAway(caseId: string, engineerId: string): boolean {
    const assignees = this.reassignedTo.get(caseId);
    return assignees !== undefined && [...assignees.keys()].some((assignee) => assignee !== engineerId);
  }

  private forgottenSince(grantId: string, mark: number): boolean {
    return this.ending.has(grantId) || (this.forgotten.get(grantId) ?? -1) > mark;
  }
}
