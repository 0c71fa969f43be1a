import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@support-hub/contracts';
import { DrainLoop } from '@support-hub/platform';
import { BrokerConnection } from './broker.connection';
import { EventPublisher } from './event.publisher';
import { messagingMetrics } from './messaging.metrics';
import { MESSAGING_OPTIONS, type ResolvedMessagingOptions } from './messaging.options';
import { OUTBOX_STORE, type OutboxStore, type PendingEvent } from './outbox.store';

export interface EventSink {
  publish(envelope: EventEnvelope): Promise<void>;
}

export interface BrokerStatus {
  isConnected(): boolean;
  onConnect(listener: () => void): void;
}

const BATCH = 200;

interface PassOutcome {
  claimed: number;
  published: number;
  failed: boolean;
}
const NOTHING_CLAIMED: PassOutcome = { claimed: 0, published: 0, failed: false };

/**
 * Publishes committed outbox events and marks them sent. Normally handed the events of a
 * transaction right after it commits (`nudge(committed)`); a slow poll is only the fallback
 * (events of a crashed replica, a broker that was down, a nudge lost). Per aggregate, events go out
 * in sequence order, each confirmed before the next; different aggregates go in parallel.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly owner: string;
  private readonly loop: DrainLoop;
  /** A search of the outbox is wanted (a poll, a reconnect, a full batch that went out). */
  private searchRequested = false;
  /** Events committed by this process and not yet taken by a pass. */
  private committed: PendingEvent[] = [];

  constructor(
    @Inject(OUTBOX_STORE) private readonly store: OutboxStore,
    @Inject(EventPublisher) private readonly sink: EventSink,
    @Inject(BrokerConnection) private readonly broker: BrokerStatus,
    @Inject(MESSAGING_OPTIONS) private readonly options: Pick<ResolvedMessagingOptions, 'service' | 'outboxPollMs' | 'outboxLeaseMs'>,
  ) {
    this.owner = `${options.service}:${randomUUID()}`;
    this.loop = new DrainLoop('outbox pass', options.outboxPollMs, () => this.passOnce(), this.logger, () => this.poll());
  }

  onApplicationBootstrap(): void {
    this.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }

  start(): void {
    if (!this.loop.isStopped) return;
    this.broker.onConnect(() => this.nudge());
    this.searchRequested = true; // the first pass searches for what earlier runs left pending
    this.loop.start();
  }

  /** Stops after the pass in progress; unpublished events stay pending for any replica. */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  /**
   * Ask for a pass soon; nudges during a pass coalesce into one more pass. `committed` are
   * events a transaction of this process has just committed: the next pass publishes them
   * without searching the outbox for them (the slow poll still finds whatever is missed).
   */
  nudge(committed: readonly PendingEvent[] = []): void {
    if (this.loop.isStopped) return;
    if (committed.length > 0) this.committed.push(...committed);
    else this.searchRequested = true;
    this.loop.nudge();
  }

  /** Resolves when no pass is running, including one a late nudge started after the last (shutdown, benchmarks). */
  idle(): Promise<void> {
    return this.loop.idle();
  }

  private poll(): void {
    this.nudge();
    void this.store
      .backlog()
      .then(({ pending, oldestRecordedAt }) => {
        messagingMetrics.outboxBacklog.set({ service: this.options.service }, pending);
        const age = oldestRecordedAt ? (Date.now() - oldestRecordedAt.getTime()) / 1000 : 0;
        messagingMetrics.outboxOldestAgeSeconds.set({ service: this.options.service }, Math.max(0, age));
      })
      .catch(() => undefined);
  }

  /**
   * One pass; true while more is asked for. A requested search of the outbox goes before handed
   * events, so that under a steady stream of commits the rows only a search finds (held back
   * behind another replica's lease, failed publishes, a crashed replica's) still go out.
   */
  private async passOnce(): Promise<boolean> {
    // Publishing into a dead connection would only hold leases; the connect event nudges us
    // and its pass finds the committed events in the outbox.
    if (!this.broker.isConnected()) {
      this.forgetRequests();
      return false;
    }
    const searching = this.searchRequested;
    if (!searching && this.committed.length === 0) return false;
    this.searchRequested = false;
    try {
      if (searching) {
        const { claimed, published, failed } = await this.pass();
        // A full batch that went out: there may be more. (Not when all waited behind a lease.)
        if (claimed === BATCH && published > 0 && !failed) this.searchRequested = true;
      } else {
        await this.passOf(this.committed.splice(0, BATCH));
      }
    } catch (error) {
      // The next poll searches the outbox, where every one of these events still is.
      this.forgetRequests();
      throw error;
    }
    return this.searchRequested || this.committed.length > 0;
  }

  private forgetRequests(): void {
    this.committed = [];
    this.searchRequested = false;
  }

  /** A pass over the oldest pending events, whoever recorded them. */
  private async pass(): Promise<PassOutcome> {
    const lease = this.newLease();
    const claimed = await this.store.claim({ ...lease, limit: BATCH });
    if (claimed.length === 0) return NOTHING_CLAIMED;
    return this.releasingOnFailure(claimed, lease.claim, async () => {
      const earlier = await this.earliestOutside(claimed);
      return this.publishInOrder(claimed, earlier, lease.claim);
    });
  }

  /** A pass over known events: leasing them and checking their order are independent, so both go at once. */
  private passOf(events: PendingEvent[]): Promise<PassOutcome> {
    const lease = this.newLease();
    return this.releasingOnFailure(events, lease.claim, async () => {
      const [won, earlier] = await Promise.all([
        this.store.claimKnown(events.map((event) => event.id), lease),
        this.earliestOutside(events),
      ]);
      const claimed = events.filter((event) => won.has(event.id));
      if (claimed.length === 0) return NOTHING_CLAIMED;
      // A row not won (another replica's lease, or a row of an aborted attempt, never stored)
      // counted as inside the batch: ask again with only the rows won.
      const order = claimed.length === events.length ? earlier : await this.earliestOutside(claimed);
      return this.publishInOrder(claimed, order, lease.claim);
    });
  }

  /** A pass that fails part-way gives back what it leased (best effort): the next poll retries it, not the lease's end. */
  private async releasingOnFailure(events: PendingEvent[], claim: string, pass: () => Promise<PassOutcome>): Promise<PassOutcome> {
    try {
      return await pass();
    } catch (error) {
      await this.store.release(events.map((event) => event.id), claim).catch(() => undefined);
      throw error;
    }
  }

  private newLease() {
    const now = new Date();
    return { owner: this.owner, claim: randomUUID(), now, leaseUntil: new Date(now.getTime() + this.options.outboxLeaseMs) };
  }

  /** Per aggregate, the first pending event not among `events` (it must be published first). */
  private earliestOutside(events: PendingEvent[]): Promise<Map<string, number>> {
    const firstOf = new Map<string, number>();
    for (const event of events) firstOf.set(event.aggregateId, Math.min(firstOf.get(event.aggregateId) ?? Infinity, event.sequence));
    // An aggregate whose first event has sequence 1 has nothing that must go before it.
    const toCheck = [...firstOf].filter(([, first]) => first > 1).map(([aggregateId]) => aggregateId);
    if (toCheck.length === 0) return Promise.resolve(new Map());
    return this.store.earliestPendingOutside(toCheck, events.map((event) => event.id));
  }

  private async publishInOrder(claimed: PendingEvent[], earlier: Map<string, number>, claim: string): Promise<PassOutcome> {
    const byAggregate = groupByAggregate(claimed);
    const blocked: string[] = [];
    for (const [aggregateId, events] of byAggregate) {
      const first = earlier.get(aggregateId);
      if (first === undefined) continue;
      // An earlier event of this aggregate is leased elsewhere or was not in this batch: wait for it.
      const ready = events.filter((event) => event.sequence < first);
      blocked.push(...events.slice(ready.length).map((event) => event.id));
      byAggregate.set(aggregateId, ready);
    }

    const sent: string[] = [];
    const unsent: string[] = [];
    let lastError: string | undefined;
    await Promise.all(
      [...byAggregate.values()].map(async (events) => {
        for (const [index, event] of events.entries()) {
          try {
            await this.sink.publish(event.envelope);
            sent.push(event.id);
          } catch (error) {
            lastError = (error as Error).message;
            unsent.push(...events.slice(index).map((rest) => rest.id));
            return;
          }
        }
      }),
    );
    await this.store.markSent(sent, new Date());
    await this.store.release(blocked, claim);
    if (unsent.length > 0) {
      this.logger.warn(`${unsent.length} outbox events not published (${lastError}); they stay pending`);
      await this.store.release(unsent, claim, lastError);
    }
    return { claimed: claimed.length, published: sent.length, failed: unsent.length > 0 };
  }
}

function groupByAggregate(events: PendingEvent[]): Map<string, PendingEvent[]> {
  const groups = new Map<string, PendingEvent[]>();
  for (const event of [...events].sort((a, b) => a.sequence - b.sequence)) {
    const group = groups.get(event.aggregateId) ?? [];
    group.push(event);
    groups.set(event.aggregateId, group);
  }
  return groups;
}
