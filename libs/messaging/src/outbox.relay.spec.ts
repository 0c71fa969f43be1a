import type { EventEnvelope } from '@support-hub/contracts';
import { caseClosedEvent } from '../test/support/event.builders';
import { MemoryOutboxStore } from '../test/support/memory-outbox.store';
import { OutboxRelay, type BrokerStatus, type EventSink } from './outbox.relay';

class FakeSink implements EventSink {
  readonly published: EventEnvelope[] = [];
  failWhen: (envelope: EventEnvelope) => boolean = () => false;
  async publish(envelope: EventEnvelope): Promise<void> {
    if (this.failWhen(envelope)) throw new Error('channel closed');
    this.published.push(envelope);
  }
}

class FakeBroker implements BrokerStatus {
  connected = true;
  private listeners: (() => void)[] = [];
  isConnected(): boolean {
    return this.connected;
  }
  onConnect(listener: () => void): void {
    this.listeners.push(listener);
  }
  reconnect(): void {
    this.connected = true;
    this.listeners.forEach((listener) => listener());
  }
}

const options = { service: 'case', outboxPollMs: 60_000, outboxLeaseMs: 30_000 };

describe(OutboxRelay.name, () => {
  let store: MemoryOutboxStore;
  let sink: FakeSink;
  let broker: FakeBroker;
  let sut: OutboxRelay;

  beforeEach(() => {
    store = new MemoryOutboxStore();
    sink = new FakeSink();
    broker = new FakeBroker();
    sut = new OutboxRelay(store, sink, broker, options);
  });

  afterEach(() => sut.stop());

  const record = (aggregateId: string, count: number) =>
    Array.from({ length: count }, () => store.add(caseClosedEvent(), aggregateId).envelope);
  const publishedIds = () => sink.published.map((envelope) => envelope.id);
  const pass = async () => {
    sut.nudge();
    await sut.idle();
  };

  it('publishes every pending event in sequence per aggregate and marks it sent', async () => {
    const a = record('case-a', 3);
    const b = record('case-b', 2);
    sut.start();
    await sut.idle();
    expect(publishedIds().filter((id) => a.some((event) => event.id === id))).toEqual(a.map((event) => event.id));
    expect(publishedIds().filter((id) => b.some((event) => event.id === id))).toEqual(b.map((event) => event.id));
    expect(store.pending()).toEqual([]);
  });

  it('stops an aggregate at its first failed publish and resumes it in order later', async () => {
    const a = record('case-a', 3);
    const b = record('case-b', 2);
    sink.failWhen = (envelope) => envelope.id === a[1].id;
    sut.start();
    await sut.idle();
    expect(publishedIds()).toEqual(expect.arrayContaining([a[0].id, ...b.map((event) => event.id)]));
    expect(publishedIds()).not.toContain(a[2].id);
    expect(store.pending().map((row) => row.id)).toEqual([a[1].id, a[2].id]);
    expect(store.pending()[0].lastError).toBe('channel closed');

    sink.failWhen = () => false;
    await pass();
    expect(publishedIds().slice(-2)).toEqual([a[1].id, a[2].id]);
  });

  it('never publishes an event while an earlier event of its aggregate is leased by another replica', async () => {
    const [first, second] = record('case-a', 2);
    const other = await store.claim({ owner: 'other', claim: 'other-claim', now: new Date(), leaseUntil: new Date(Date.now() + 60_000), limit: 1 });
    expect(other.map((event) => event.id)).toEqual([first.id]);
    sut.start();
    await sut.idle();
    expect(sink.published).toEqual([]);
    expect(store.pending().find((row) => row.id === second.id)?.claim).toBeNull();

    await store.markSent([first.id]);
    await pass();
    expect(publishedIds()).toEqual([second.id]);
  });

  it('waits for the broker, and publishes as soon as it reconnects', async () => {
    broker.connected = false;
    const events = record('case-a', 2);
    sut.start();
    await sut.idle();
    expect(sink.published).toEqual([]);
    broker.reconnect();
    await sut.idle();
    expect(publishedIds()).toEqual(events.map((event) => event.id));
  });

  it('lets two replicas share the outbox without publishing any event twice', async () => {
    const events = [...record('case-a', 50), ...record('case-b', 50), ...record('case-c', 50)];
    const replica = new OutboxRelay(store, sink, broker, options);
    sut.start();
    replica.start();
    await Promise.all([sut.idle(), replica.idle()]);
    await replica.stop();
    expect(publishedIds().sort()).toEqual(events.map((event) => event.id).sort());
    for (const aggregate of ['case-a', 'case-b', 'case-c']) {
      const order = sink.published.filter((envelope) => store.rows.find((row) => row.id === envelope.id)?.aggregateId === aggregate);
      const sequences = order.map((envelope) => store.rows.find((row) => row.id === envelope.id)!.sequence);
      expect(sequences).toEqual([...sequences].sort((x, y) => x - y));
    }
  });

  describe('events handed over by a committing transaction', () => {
    const handed = (aggregateId: string, count: number) =>
      Array.from({ length: count }, () => {
        const { id, sequence, envelope } = store.add(caseClosedEvent(), aggregateId);
        return { id, aggregateId, sequence, envelope };
      });

    it('publishes them without searching the outbox', async () => {
      sut.start();
      await sut.idle();
      const claim = jest.spyOn(store, 'claim');
      const events = handed('case-a', 2);
      sut.nudge(events);
      await sut.idle();
      expect(publishedIds()).toEqual(events.map((event) => event.id));
      expect(claim).not.toHaveBeenCalled();
      expect(store.pending()).toEqual([]);
    });

    it('ignores events of an aborted transaction: they were never stored', async () => {
      sut.start();
      await sut.idle();
      const aborted = { id: 'never-stored', aggregateId: 'case-a', sequence: 1, envelope: caseClosedEvent() };
      sut.nudge([aborted]);
      await sut.idle();
      expect(sink.published).toEqual([]);
    });

    it('still searches the outbox when asked, while commits keep coming', async () => {
      const [stuck] = record('case-z', 1);
      sink.failWhen = (envelope) => envelope.id === stuck.id;
      sut.start();
      await sut.idle();
      expect(publishedIds()).not.toContain(stuck.id);
      sink.failWhen = () => false;
      // A steady stream: each publish is followed by one more commit.
      let streamed = 0;
      const publish = sink.publish.bind(sink);
      sink.publish = async (envelope) => {
        await publish(envelope);
        if (streamed++ < 50) sut.nudge(handed(`case-${streamed}`, 1));
      };
      sut.nudge(handed('case-first', 1));
      sut.nudge(); // the poll
      await sut.idle();
      expect(publishedIds().indexOf(stuck.id)).toBeGreaterThan(-1);
      expect(publishedIds().indexOf(stuck.id)).toBeLessThan(publishedIds().length - 40);
    });

    it('holds back the rest of an aggregate when another replica leased its first handed event', async () => {
      sut.start();
      await sut.idle();
      const [first, second] = handed('case-a', 2);
      await store.claim({ owner: 'other', claim: 'other-claim', now: new Date(), leaseUntil: new Date(Date.now() + 60_000), limit: 1 });
      sut.nudge([first, second]);
      await sut.idle();
      expect(sink.published).toEqual([]);
      await store.markSent([first.id]);
      await pass();
      expect(publishedIds()).toEqual([second.id]);
    });

    it('holds them back while an earlier event of their aggregate is leased by another replica', async () => {
      sut.start();
      await sut.idle();
      const [first] = record('case-a', 1);
      await store.claim({ owner: 'other', claim: 'other-claim', now: new Date(), leaseUntil: new Date(Date.now() + 60_000), limit: 1 });
      const [second] = handed('case-a', 1);
      sut.nudge([second]);
      await sut.idle();
      expect(sink.published).toEqual([]);
      await store.markSent([first.id]);
      await pass();
      expect(publishedIds()).toEqual([second.id]);
    });
  });

  it('gives its leases back when a pass fails part-way, so the next poll retries at once', async () => {
    const [, second] = record('case-a', 2);
    await store.markSent([store.rows[0].id]);
    jest.spyOn(store, 'earliestPendingOutside').mockRejectedValueOnce(new Error('database unreachable'));
    sut.start();
    await sut.idle();
    expect(sink.published).toEqual([]);
    expect(store.pending().map((row) => [row.id, row.claim, row.lockedUntil])).toEqual([[second.id, null, null]]);
    await pass();
    expect(publishedIds()).toEqual([second.id]);
  });

  it('coalesces nudges that arrive during a pass into one more pass', async () => {
    record('case-a', 1);
    const claim = jest.spyOn(store, 'claim');
    sut.start();
    for (let i = 0; i < 10; i++) sut.nudge();
    await sut.idle();
    expect(claim.mock.calls.length).toBeLessThanOrEqual(2);
  });
});
