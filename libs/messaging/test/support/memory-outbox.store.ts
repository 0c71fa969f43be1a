import type { EventEnvelope } from '@support-hub/contracts';
import type { ClaimRequest, OutboxStore, PendingEvent } from '../../src/outbox.store';

interface Row extends PendingEvent {
  status: 'pending' | 'sent';
  recordedAt: Date;
  lockedUntil: Date | null;
  claim: string | null;
  lastError?: string;
}

/** OutboxRepository's semantics in memory, for the relay's rules without a database. */
export class MemoryOutboxStore implements OutboxStore {
  readonly rows: Row[] = [];
  private readonly sequences = new Map<string, number>();

  add(envelope: EventEnvelope, aggregateId: string, recordedAt = new Date()): Row {
    const sequence = (this.sequences.get(aggregateId) ?? 0) + 1;
    this.sequences.set(aggregateId, sequence);
    const row: Row = { id: envelope.id, aggregateId, sequence, envelope, status: 'pending', recordedAt, lockedUntil: null, claim: null };
    this.rows.push(row);
    return row;
  }

  async claim({ claim, now, leaseUntil, limit }: ClaimRequest): Promise<PendingEvent[]> {
    const free = this.rows
      .filter((row) => row.status === 'pending' && (!row.lockedUntil || row.lockedUntil <= now))
      .sort((a, b) => a.recordedAt.getTime() - b.recordedAt.getTime() || a.sequence - b.sequence)
      .slice(0, limit);
    for (const row of free) Object.assign(row, { claim, lockedUntil: leaseUntil });
    return free.map(({ id, aggregateId, sequence, envelope }) => ({ id, aggregateId, sequence, envelope }));
  }

  async claimKnown(ids: string[], { claim, now, leaseUntil }: Omit<ClaimRequest, 'limit'>): Promise<Set<string>> {
    const won = this.rows.filter((row) => ids.includes(row.id) && row.status === 'pending' && (!row.lockedUntil || row.lockedUntil <= now));
    for (const row of won) Object.assign(row, { claim, lockedUntil: leaseUntil });
    return new Set(won.map((row) => row.id));
  }

  async earliestPendingOutside(aggregateIds: string[], ids: string[]): Promise<Map<string, number>> {
    const earliest = new Map<string, number>();
    for (const row of this.rows) {
      if (row.status !== 'pending' || ids.includes(row.id) || !aggregateIds.includes(row.aggregateId)) continue;
      earliest.set(row.aggregateId, Math.min(earliest.get(row.aggregateId) ?? Infinity, row.sequence));
    }
    return earliest;
  }

  async markSent(ids: string[]): Promise<void> {
    for (const row of this.rows) if (ids.includes(row.id)) Object.assign(row, { status: 'sent', claim: null, lockedUntil: null });
  }

  async release(ids: string[], claim: string, error?: string): Promise<void> {
    for (const row of this.rows) {
      if (ids.includes(row.id) && row.claim === claim) Object.assign(row, { claim: null, lockedUntil: null, lastError: error });
    }
  }

  async backlog(): Promise<{ pending: number; oldestRecordedAt: Date | null }> {
    const pending = this.rows.filter((row) => row.status === 'pending');
    return { pending: pending.length, oldestRecordedAt: pending[0]?.recordedAt ?? null };
  }

  pending(): Row[] {
    return this.rows.filter((row) => row.status === 'pending');
  }
}
