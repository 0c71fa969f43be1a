import { routingKeyOf, type EventEnvelope } from '@support-hub/contracts';
import { topologyNames } from '../src/messaging.topology';
import { BrokerAdmin, closeConnectionByName } from './support/broker.admin';
import { BusApp, Recorder, runExchange, startBusApp, TEST_RETRY_DELAYS } from './support/bus.harness';
import { caseClosedEvent } from './support/event.builders';
import { eventually } from './support/probe';
import { provisionRunUsers, type RunUsers } from './support/run-users';

/** A promise a test opens by hand: holds a handler between receive and ack. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('Replicas, crashes and shutdown (real RabbitMQ)', () => {
  const exchange = runExchange('replicas');
  const names = topologyNames(exchange, 'access');
  let admin: BrokerAdmin;
  let asCase: BrokerAdmin;
  let users: RunUsers;
  const running: BusApp[] = [];

  const start = async (recorder: Recorder, instance: string) => {
    const bus = await startBusApp({ exchange, users, prefetch: 10 }, recorder, instance);
    running.push(bus);
    return bus;
  };
  const publish = (event: EventEnvelope) => asCase.publish(exchange, routingKeyOf('case.closed'), event, { type: routingKeyOf('case.closed') });

  beforeAll(async () => {
    admin = await BrokerAdmin.connect();
    users = await provisionRunUsers(exchange);
    asCase = await BrokerAdmin.connect(users.amqpUrlOf('case'));
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((bus) => bus.app.close()));
    await admin.channel.purgeQueue(names.queue).catch(() => undefined);
  });

  afterAll(async () => {
    await admin.deleteTopology(exchange, ['access'], TEST_RETRY_DELAYS);
    await asCase.close();
    await users.users.remove();
    await admin.close();
  });

  it('gives each event to exactly one of two replicas of a service', async () => {
    const recorder = new Recorder();
    await start(recorder, 'a');
    await start(recorder, 'b');
    const events = Array.from({ length: 200 }, () => caseClosedEvent());
    for (const event of events) await publish(event);
    await eventually(() => recorder.handled.length >= events.length, { what: 'all events handled' });
    await eventually(async () => (await admin.messageCount(names.queue)) === 0);
    const ids = recorder.handled.map((handled) => handled.event.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(events.map((event) => event.id).sort());
    const byInstance = new Set(recorder.handled.map((handled) => handled.instance));
    expect(byInstance).toEqual(new Set(['a', 'b']));
  });

  it('redelivers to another replica an event whose consumer died before acking', async () => {
    const recorder = new Recorder();
    const held = gate();
    const received: string[] = [];
    recorder.behaviour = async (_event, instance) => {
      received.push(instance);
      if (instance === 'a') await held.opened;
    };
    const a = await start(recorder, 'a');
    const event = caseClosedEvent();
    await publish(event);
    await eventually(() => received.includes('a'), { what: 'a received the event' });
    await start(recorder, 'b');
    // a's connection dies between receive and ack.
    expect(await closeConnectionByName(a.broker.name)).toBe(true);
    await eventually(() => recorder.handled.some((handled) => handled.instance === 'b'), { what: 'b handled the redelivery' });
    // a finishes late: its ack goes nowhere (the channel is gone) and nothing breaks.
    held.open();
    await eventually(() => a.transport.inFlightCount === 0);
    await eventually(async () => (await admin.messageCount(names.queue)) === 0);
    expect(recorder.handled.filter((handled) => handled.event.id === event.id).map((handled) => handled.instance).sort()).toEqual(['a', 'b']);
  });

  it('on close, stops consuming and waits for the handler in flight, which is then acked', async () => {
    const recorder = new Recorder();
    const held = gate();
    recorder.behaviour = () => held.opened;
    const bus = await start(recorder, 'a');
    const first = caseClosedEvent();
    await publish(first);
    await eventually(() => bus.transport.inFlightCount === 1, { what: 'handler in flight' });
    let closed = false;
    const closing = bus.app.close().then(() => (closed = true));
    running.splice(running.indexOf(bus), 1);
    await eventually(() => bus.transport.isClosing, { what: 'close started' });
    const second = caseClosedEvent();
    await publish(second);
    expect(closed).toBe(false);
    held.open();
    await closing;
    // The first was finished and acked; the second was never taken and waits for the next consumer.
    expect(recorder.handled.map((handled) => handled.event.id)).toEqual([first.id]);
    expect(await admin.messageCount(names.queue)).toBe(1);
  });
});
