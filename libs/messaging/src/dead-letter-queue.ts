import amqp, { type ChannelModel, type ConfirmChannel, type GetMessage } from 'amqplib';
import { userOfAmqpUrl } from './broker-identity';
import { keptProperties } from './message-copy';
import { inspectDeadLetter, replayHeaders, type DeadLetter } from './dead-letter-inspection';
import { topologyNames, type TopologyNames } from './messaging.topology';

export interface DeadLetterQueueOptions {
  /** The service's own broker user: it may read its dead-letter queue and write to its queue. */
  amqpUrl: string;
  exchange: string;
  service: string;
  prefix: string;
}

interface Taken {
  total: number;
  messages: { message: GetMessage; letter: DeadLetter }[];
}

/** Which dead letters an operation applies to. */
export type DeadLetterSelection = { all: true } | { ids: readonly string[] };

export interface DeadLetterOutcome {
  done: DeadLetter[];
  refused: { letter: DeadLetter; why: string }[];
  /** Ids asked for that are not in the queue. */
  missing: string[];
}

/**
 * A service's dead-letter queue as an operator handles it: list, replay to the service's queue
 * with the original id and body, purge. It works as the service's own broker user, not as the
 * administrator: replays are then stamped with the service's `user_id`, the one user whose
 * `x-verified-publisher` its consumer believes (see dead-letter-inspection.ts for when it is set).
 *
 * AMQP cannot browse a queue: messages are taken unacknowledged and the ones not acted on return
 * to the queue when the channel closes, so a listing never loses or reorders anything for good.
 */
export class DeadLetterQueue {
  private readonly names: TopologyNames;
  private readonly serviceUser: string;

  private constructor(
    private readonly connection: ChannelModel,
    private readonly options: DeadLetterQueueOptions,
  ) {
    this.names = topologyNames(options.exchange, options.service);
    this.serviceUser = userOfAmqpUrl(options.amqpUrl);
  }

  static async open(options: DeadLetterQueueOptions): Promise<DeadLetterQueue> {
    const connection = await amqp.connect(options.amqpUrl);
    connection.on('error', () => undefined);
    return new DeadLetterQueue(connection, options);
  }

  get queue(): string {
    return this.names.deadLetterQueue;
  }

  /** Messages now in the queue, and the first `max` of them. */
  async list(max = 1_000): Promise<{ total: number; letters: DeadLetter[] }> {
    return this.withTaken(max, async (taken) => ({ total: taken.total, letters: taken.messages.map(({ letter }) => letter) }));
  }

  /** Republishes the selected dead letters to the service's queue, then removes them from this one. */
  async replay(selection: DeadLetterSelection): Promise<DeadLetterOutcome> {
    return this.act(selection, async (channel, message, letter) => {
      if (letter.notReplayable) return letter.notReplayable;
      channel.publish('', this.names.queue, message.content, {
        persistent: true,
        headers: replayHeaders(letter),
        ...keptProperties(message.properties),
        userId: this.serviceUser,
      });
      // Confirmed before the dead letter is acked: a crash in between duplicates, never loses.
      await channel.waitForConfirms();
      return undefined;
    });
  }

  /** Removes the selected dead letters for good. */
  async purge(selection: DeadLetterSelection): Promise<DeadLetterOutcome> {
    return this.act(selection, async () => undefined);
  }

  async close(): Promise<void> {
    await this.connection.close().catch(() => undefined);
  }

  private async act(
    selection: DeadLetterSelection,
    apply: (channel: ConfirmChannel, message: GetMessage, letter: DeadLetter) => Promise<string | undefined>,
  ): Promise<DeadLetterOutcome> {
    const wanted = 'ids' in selection ? new Set(selection.ids) : undefined;
    return this.withTaken(Number.MAX_SAFE_INTEGER, async ({ messages }, channel, remove) => {
      const outcome: DeadLetterOutcome = { done: [], refused: [], missing: [] };
      const seen = new Set<string>();
      for (const { message, letter } of messages) {
        if (wanted && !(letter.id && wanted.has(letter.id))) continue;
        if (letter.id) seen.add(letter.id);
        const refusal = await apply(channel, message, letter);
        if (refusal) {
          outcome.refused.push({ letter, why: refusal });
          continue;
        }
        remove(message);
        outcome.done.push(letter);
      }
      outcome.missing = wanted ? [...wanted].filter((id) => !seen.has(id)) : [];
      return outcome;
    });
  }

  /** Takes up to `max` messages unacknowledged; whatever `use` does not ack returns to the queue. */
  private async withTaken<T>(
    max: number,
    use: (taken: Taken, channel: ConfirmChannel, remove: (message: GetMessage) => void) => Promise<T>,
  ): Promise<T> {
    const channel = await this.connection.createConfirmChannel();
    channel.on('error', () => undefined);
    let acked = 0;
    const remove = (message: GetMessage) => {
      channel.ack(message);
      acked += 1;
    };
    let total = 0;
    try {
      total = (await channel.checkQueue(this.names.deadLetterQueue)).messageCount;
      const messages: { message: GetMessage; letter: DeadLetter }[] = [];
      // Bounded by the count seen at the start: messages dead-lettered meanwhile wait for the next run.
      while (messages.length < Math.min(max, total)) {
        const message = await channel.get(this.names.deadLetterQueue, { noAck: false });
        if (!message) break;
        messages.push({ message, letter: inspectDeadLetter(message.content, message.properties, this.serviceUser, this.options.prefix) });
      }
      return await use({ total, messages }, channel, remove);
    } finally {
      await channel.close().catch(() => undefined);
      await this.untilReturned(total - acked);
    }
  }

  /**
   * A quorum queue takes back a closed channel's unacked messages asynchronously: wait until they
   * are counted again, so the next command (or operator) sees the whole queue.
   */
  private async untilReturned(expected: number): Promise<void> {
    const deadline = Date.now() + 5_000;
    while (Date.now() < deadline) {
      const channel = await this.connection.createChannel();
      channel.on('error', () => undefined);
      const count = await channel.checkQueue(this.names.deadLetterQueue).then(({ messageCount }) => messageCount, () => expected);
      await channel.close().catch(() => undefined);
      if (count >= expected) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
