import { Inject, Injectable } from '@nestjs/common';
import type { ClientSession, Model } from 'mongoose';
import { OUTBOX_EVENT, OUTBOX_SEQUENCE, type OutboxEventRecord, type OutboxSequenceRecord } from './outbox.schema';
import type { ClaimRequest, OutboxStore, PendingEvent } from './outbox.store';

/** The only code that touches the outbox collections. */
@Injectable()
export class OutboxRepository implements OutboxStore {
  constructor(
    @Inject(OUTBOX_EVENT) private readonly events: Model<OutboxEventRecord>,
    @Inject(OUTBOX_SEQUENCE) private readonly sequences: Model<OutboxSequenceRecord>,
  ) {}

  /**
   * Reserves `count` sequence numbers of an aggregate inside the caller's transaction and
   * returns the first. Two transactions on one aggregate conflict on this counter, so one
   * retries after the other commits: sequence order is commit order.
   */
  async nextSequence(aggregateId: string, count: number, session: ClientSession): Promise<number> {
    const counter = await this.sequences
      .findOneAndUpdate({ _id: aggregateId }, { $inc: { last: count } }, { upsert: true, returnDocument: 'after', session })
      .lean();
    return counter!.last - count + 1;
  }

  /**
   * `lean`: the rows are built whole by Outbox.record (typed, the envelope checked against its
   * contract), so mongoose's casting and validation would only cost time: they were the
   * largest part of recording an event (measured in the messaging bench).
   */
  async insert(rows: OutboxEventRecord[], session: ClientSession): Promise<void> {
    await this.events.insertMany(rows, { session, ordered: true, lean: true });
  }

  async claim({ limit, ...request }: ClaimRequest): Promise<PendingEvent[]> {
    const candidates = await this.events.find(freeAt(request.now)).sort({ recordedAt: 1, sequence: 1 }).limit(limit).lean();
    if (candidates.length === 0) return [];
    const won = await this.claimKnown(candidates.map((row) => row._id), request);
    return candidates
      .filter((row) => won.has(row._id))
      .map((row) => ({ id: row._id, aggregateId: row.aggregateId, sequence: row.sequence, envelope: row.envelope }));
  }

  async claimKnown(ids: string[], { owner, claim, now, leaseUntil }: Omit<ClaimRequest, 'limit'>): Promise<Set<string>> {
    // The filter is re-checked per document, so of two replicas racing for a row only one wins it.
    const { modifiedCount } = await this.events.updateMany(
      { ...freeAt(now), _id: { $in: ids } },
      { $set: { lockedBy: owner, lockedUntil: leaseUntil, claim }, $inc: { publishAttempts: 1 } },
    );
    // Usually every row was won; after a race (or for rows of an aborted transaction), ask which.
    if (modifiedCount === ids.length) return new Set(ids);
    const rows = await this.events.find({ claim, status: 'pending' }, { _id: 1 }).lean();
    return new Set(rows.map((row) => row._id));
  }

  async earliestPendingOutside(aggregateIds: string[], ids: string[]): Promise<Map<string, number>> {
    const rows = await this.events
      .find({ aggregateId: { $in: aggregateIds }, status: 'pending', _id: { $nin: ids } }, { aggregateId: 1, sequence: 1 })
      .lean();
    const earliest = new Map<string, number>();
    for (const row of rows) earliest.set(row.aggregateId, Math.min(earliest.get(row.aggregateId) ?? Infinity, row.sequence));
    return earliest;
  }

  async markSent(ids: string[], sentAt: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.events.updateMany(
      { _id: { $in: ids } },
      { $set: { status: 'sent', sentAt, lockedBy: null, lockedUntil: null, claim: null, lastError: null } },
    );
  }

  async release(ids: string[], claim: string, error?: string): Promise<void> {
    if (ids.length === 0) return;
    const set: Partial<OutboxEventRecord> = { lockedBy: null, lockedUntil: null, claim: null };
    if (error !== undefined) set.lastError = error;
    await this.events.updateMany({ _id: { $in: ids }, claim }, { $set: set });
  }

  async backlog(): Promise<{ pending: number; oldestRecordedAt: Date | null }> {
    const [pending, oldest] = await Promise.all([
      this.events.countDocuments({ status: 'pending' }),
      this.events.findOne({ status: 'pending' }, { recordedAt: 1 }).sort({ recordedAt: 1 }).lean(),
    ]);
    return { pending, oldestRecordedAt: oldest?.recordedAt ?? null };
  }
}

/** Pending and not leased (or its lease ran out). */
function freeAt(now: Date) {
  return { status: 'pending' as const, $or: [{ lockedUntil: null }, { lockedUntil: { $lte: now } }] };
}
