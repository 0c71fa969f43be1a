import type { EventEnvelope } from '@support-hub/contracts';

/** An outbox row as the relay sees it. */
export interface PendingEvent {
  id: string;
  aggregateId: string;
  sequence: number;
  envelope: EventEnvelope;
}

export interface ClaimRequest {
  owner: string;
  /** Unique per relay pass: tells this pass's rows from those of earlier passes and replicas. */
  claim: string;
  now: Date;
  leaseUntil: Date;
  limit: number;
}

/**
 * What the relay needs from storage. The relay's rules (order, leases, failures) are tested
 * against an in-memory store; the mongoose implementation is OutboxRepository.
 */
export interface OutboxStore {
  /** Leases up to `limit` of the oldest pending, unleased events; returns them by aggregate and sequence. */
  claim(request: ClaimRequest): Promise<PendingEvent[]>;
  /** Leases those of `ids` that are pending and unleased; returns the ids won. */
  claimKnown(ids: string[], request: Omit<ClaimRequest, 'limit'>): Promise<Set<string>>;
  /** Per aggregate, the lowest sequence of a pending event other than `ids` (it must go first). */
  earliestPendingOutside(aggregateIds: string[], ids: string[]): Promise<Map<string, number>>;
  markSent(ids: string[], sentAt: Date): Promise<void>;
  /** Gives leased events back (publish failed or an earlier event is elsewhere). */
  release(ids: string[], claim: string, error?: string): Promise<void>;
  backlog(): Promise<{ pending: number; oldestRecordedAt: Date | null }>;
}

export const OUTBOX_STORE = Symbol('OUTBOX_STORE');
