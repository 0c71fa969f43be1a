import { Inject, Injectable } from '@nestjs/common';
import type { ClientSession, Model } from 'mongoose';
import type { EventEnvelope } from '@support-hub/contracts';
import { PROCESSED_EVENT, type ProcessedEventRecord } from './inbox.schema';

export type InboxResult<T> = { duplicate: false; result: T } | { duplicate: true };

/**
 * Makes a handler's effect happen once per event, however often the event is delivered:
 *
 *   @OnEvent('case.closed')
 *   revokeGrantsOfClosedCase(@Payload() event: EventEnvelope<'case.closed'>) {
 *     return this.tx.run((session) => this.inbox.once(event, session, () => this.grants.revokeForCase(event.data, session)));
 *   }
 *
 * The processed mark is written in the caller's transaction, with the effect: both commit or
 * neither does. Two concurrent deliveries of one event conflict on the mark; the loser's
 * transaction is retried and then sees the event as processed.
 */
@Injectable()
export class Inbox {
  constructor(@Inject(PROCESSED_EVENT) private readonly processed: Model<ProcessedEventRecord>) {}

  async once<T>(event: EventEnvelope, session: ClientSession, work: () => Promise<T>, handler = 'default'): Promise<InboxResult<T>> {
    if (!session.inTransaction()) throw new Error('Inbox.once needs a session inside a transaction (TransactionRunner.run)');
    const _id = `${handler}:${event.id}`;
    if (await this.processed.exists({ _id }).session(session)) return { duplicate: true };
    // Insert first: a concurrent duplicate then conflicts before either does the work.
    await this.processed.create([{ _id, eventId: event.id, handler, type: event.type, processedAt: new Date() }], { session });
    return { duplicate: false, result: await work() };
  }
}
