/**
 * The access service's copy of an engineer's standing in the directory (the case service owns
 * it): whether they may receive new access. Pure: no Nest, database or clock; the only place
 * that decides how an engineer event changes the copy.
 *
 * `engineer.registered|updated` carry the whole state and a revision; only a newer revision
 * changes the copy. `engineer.deactivated` carries no revision, only `deactivatedAt`: it makes
 * the engineer inactive as of that moment, and only a state the directory recorded strictly
 * after it (a reactivation) makes them active again. Every tie or doubt ends inactive: the copy
 * fails closed.
 */
export interface EngineerCopyRecord {
  _id: string;
  /** May receive new access. True for an engineer known only by a claim (see below). */
  active: boolean;
  /** Of the last `engineer.registered|updated` applied; 0 when none was. */
  revision: number;
  /** When the directory recorded the state applied (`registeredAt`/`updatedAt`); null when none was. */
  stateAt: Date | null;
  /** The latest deactivation heard of. */
  deactivatedAt: Date | null;
  /**
   * Bumped by every transaction that gives the engineer access (consent grant, filing,
   * approval). The deactivation handler writes this document too, so the two conflict and one
   * sees the other: no grant is issued beside a deactivation committing at the same moment.
   */
  accessEpoch: number;
}

export interface EngineerState {
  engineerId: string;
  active: boolean;
  revision: number;
  at: Date;
}

/**
 * What a claim finds for an engineer no event has named yet (registered before this copy
 * existed, or their events still on the way): allowed, as before the copy existed.
 */
export function unknownEngineer(engineerId: string): EngineerCopyRecord {
  return { _id: engineerId, active: true, revision: 0, stateAt: null, deactivatedAt: null, accessEpoch: 0 };
}

/** The copy after an `engineer.registered|updated`; null when the event is not newer (duplicate, stale). */
export function withState(previous: EngineerCopyRecord | null, state: EngineerState): EngineerCopyRecord | null {
  const base = previous ?? unknownEngineer(state.engineerId);
  if (base.revision >= state.revision) return null;
  return { ...base, active: state.active && !isAtOrBefore(state.at, base.deactivatedAt), revision: state.revision, stateAt: state.at };
}

/** The copy after an `engineer.deactivated` of `deactivatedAt` (the same copy again for a duplicate). */
export function withDeactivation(previous: EngineerCopyRecord | null, engineerId: string, deactivatedAt: Date): EngineerCopyRecord {
  const base = previous ?? unknownEngineer(engineerId);
  const latest = base.deactivatedAt && base.deactivatedAt > deactivatedAt ? base.deactivatedAt : deactivatedAt;
  // Only an active state the directory recorded after this deactivation (a reactivation) outlives it.
  const reactivatedSince = base.active && base.stateAt !== null && base.stateAt > latest;
  return { ...base, active: reactivatedSince, deactivatedAt: latest };
}

function isAtOrBefore(at: Date, deactivatedAt: Date | null): boolean {
  return deactivatedAt !== null && at.getTime() <= deactivatedAt.getTime();
}
