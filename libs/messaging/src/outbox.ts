import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { ClientSession } from 'mongoose';
import { EVENT_CATALOG, validateEventData, type EventEnvelope, type EventType, type NewEvent } from '@support-hub/contracts';
import { requestContext } from '@support-hub/platform';
import { MESSAGING_OPTIONS, type ResolvedMessagingOptions } from './messaging.options';
import { OutboxRelay } from './outbox.relay';
import { OutboxRepository } from './outbox.repository';
import type { OutboxEventRecord } from './outbox.schema';
import type { PendingEvent } from './outbox.store';

/** Any one event of the catalog, with its data typed by its type. */
export type AnyNewEvent = { [T in EventType]: NewEvent<T> }[EventType];

/**
 * Records the events a state change causes, in the same transaction as the change:
 *
 *   await tx.run(async (session) => {
 *     await cases.save(closed, session);
 *     await outbox.record([{ type: 'case.closed', aggregateId: closed.id, workspaceId, data }], session);
 *   });
 *
 * Nothing is published here. When the session ends (after commit) the relay is handed the
 * rows and publishes them at once; an aborted transaction leaves nothing to publish.
 */
@Injectable()
export class Outbox {
  /** Rows recorded in a session's transaction, handed to the relay when the session ends. */
  private readonly recordedIn = new WeakMap<ClientSession, PendingEvent[]>();

  constructor(
    private readonly repository: OutboxRepository,
    private readonly relay: OutboxRelay,
    @Inject(MESSAGING_OPTIONS) private readonly options: ResolvedMessagingOptions,
  ) {}

  async record(events: readonly AnyNewEvent[], session: ClientSession): Promise<EventEnvelope[]> {
    // Without a transaction the event could be stored without its state change, or the reverse.
    if (!session.inTransaction()) throw new Error('Outbox.record needs a session inside a transaction (TransactionRunner.run)');
    if (events.length === 0) return [];
    const context = requestContext.current();
    const correlationId = context?.correlationId ?? randomUUID();
    const causationId = context?.causationId ?? null;
    const recordedAt = new Date();
    const envelopes = events.map((event) => this.envelopeOf(event, correlationId, causationId, recordedAt));

    const rows: OutboxEventRecord[] = [];
    for (const [aggregateId, indexes] of groupIndexes(events)) {
      let sequence = await this.repository.nextSequence(aggregateId, indexes.length, session);
      for (const index of indexes) {
        rows.push({
          _id: envelopes[index].id,
          aggregateId,
          sequence: sequence++,
          envelope: envelopes[index],
          status: 'pending',
          recordedAt,
          sentAt: null,
          lockedBy: null,
          lockedUntil: null,
          claim: null,
          publishAttempts: 0,
          lastError: null,
        });
      }
    }
    await this.repository.insert(rows, session);
    this.handToRelayAfterCommit(session, rows);
    return envelopes;
  }

  // The driver emits 'ended' when TransactionRunner ends the session, i.e. after commit or
  // abort. mongoose retries the work on the same session, so the rows of aborted attempts are
  // handed over too: they do not exist, and the relay's lease simply does not find them.
  private handToRelayAfterCommit(session: ClientSession, rows: OutboxEventRecord[]): void {
    const recorded = rows.map(({ _id, aggregateId, sequence, envelope }) => ({ id: _id, aggregateId, sequence, envelope }));
    const pending = this.recordedIn.get(session);
    if (pending) return void pending.push(...recorded);
    this.recordedIn.set(session, recorded);
    session.once('ended', () => {
      const committed = this.recordedIn.get(session) ?? [];
      this.recordedIn.delete(session);
      this.relay.nudge(committed);
    });
  }

  private envelopeOf(event: AnyNewEvent, correlationId: string, causationId: string | null, at: Date): EventEnvelope {
    const { version } = EVENT_CATALOG[event.type];
    const envelope: EventEnvelope = {
      id: randomUUID(),
      type: event.type,
      version,
      source: this.options.service,
      occurredAt: at.toISOString(),
      correlationId,
      causationId,
      data: validateEventData(event.type, event.data),
    };
    if (event.tenantId !== undefined) envelope.tenantId = event.tenantId;
    if (event.workspaceId !== undefined) envelope.workspaceId = event.workspaceId;
    return envelope;
  }
}

function groupIndexes(events: readonly AnyNewEvent[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  events.forEach((event, index) => groups.set(event.aggregateId, [...(groups.get(event.aggregateId) ?? []), index]));
  return groups;
}
