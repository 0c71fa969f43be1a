import amqp from 'amqplib';
import { routingKeyOf, type EventEnvelope } from '@support-hub/contracts';
import { OutboxRelay } from '../src/outbox.relay';
import { topologyNames } from '../src/messaging.topology';
import { AMQP_URL, BrokerAdmin, closeConnectionByName } from './support/broker.admin';
import { BusApp, Recorder, runExchange, startBusApp, TEST_RETRY_DELAYS } from './support/bus.harness';
import { caseClosedEvent } from './support/event.builders';
import { MemoryOutboxStore } from './support/memory-outbox.store';
import { eventually } from './support/probe';
import { provisionRunUsers, type RunUsers } from './support/run-users';

describe('EventPublisher and interoperability (real RabbitMQ)', () => {
  const exchange = runExchange('publisher');
  const names = topologyNames(exchange, 'access');
  const recorder = new Recorder();
  const integratorQueue = `${exchange}.integrator`;
  let admin: BrokerAdmin;
  let users: RunUsers;
  /** Consumes case.* events as the access service. */
  let bus: BusApp;
  /** Publishes them as the case service, their owner. */
  let caseBus: BusApp;

  beforeAll(async () => {
    admin = await BrokerAdmin.connect();
    users = await provisionRunUsers(exchange);
    bus = await startBusApp({ exchange, users }, recorder);
    caseBus = await startBusApp({ exchange, users, service: 'case', consumes: [] }, new Recorder());
  });

  afterEach(() => {
    recorder.handled.length = 0;
  });

  afterAll(async () => {
    await bus?.app.close();
    await caseBus?.app.close();
    await admin.deleteTopology(exchange, ['access'], TEST_RETRY_DELAYS, [integratorQueue]);
    await users.users.remove();
    await admin.close();
  });

  it('publishes a persistent, self-describing message whose body is the plain envelope', async () => {
    await admin.channel.assertQueue(integratorQueue, { durable: false, autoDelete: false });
    await admin.channel.bindQueue(integratorQueue, exchange, 'case.#');
    const event = caseClosedEvent();
    await caseBus.publisher.publish(event);
    const [message] = await eventually(async () => {
      const got = await admin.drain(integratorQueue);
      return got.length > 0 && got;
    });
    expect(JSON.parse(message.content.toString())).toEqual(event);
    expect(message.fields.routingKey).toBe('case.closed.v1');
    expect(message.properties).toMatchObject({
      deliveryMode: 2,
      messageId: event.id,
      type: 'case.closed.v1',
      correlationId: event.correlationId,
      contentType: 'application/json',
      appId: 'case',
      userId: users.userOf('case'),
      timestamp: Math.floor(Date.parse(event.occurredAt) / 1000),
    });
  });

  it('refuses to publish an event that breaks its contract', async () => {
    const broken = { ...caseClosedEvent(), data: { caseId: 'only' } } as unknown as ReturnType<typeof caseClosedEvent>;
    await expect(caseBus.publisher.publish(broken)).rejects.toThrow('invalid case.closed data');
  });

  it('catches an unroutable publish in the alternate exchange queue', async () => {
    const event = { ...caseClosedEvent(), type: 'case.reopened' as const };
    const plain = await amqp.connect(AMQP_URL);
    const channel = await plain.createConfirmChannel();
    const returned: string[] = [];
    channel.on('return', (message) => returned.push(message.fields.routingKey));
    channel.publish(exchange, 'nobody.listens.v1', Buffer.from(JSON.stringify(event)), { mandatory: true, persistent: true });
    await channel.waitForConfirms();
    await plain.close();
    const [caught] = await eventually(async () => {
      const got = await admin.drain(names.unroutableQueue);
      return got.length > 0 && got;
    });
    expect(caught.fields.routingKey).toBe('nobody.listens.v1');
    expect(returned).toEqual([]);
  });

  it('lets a plain amqplib client, logged in as the owner of the type, publish an event that a service handler handles', async () => {
    const event = caseClosedEvent();
    const plain = await amqp.connect(users.amqpUrlOf('case'));
    const channel = await plain.createConfirmChannel();
    const key = routingKeyOf('case.closed');
    channel.publish(exchange, key, Buffer.from(JSON.stringify(event)), { persistent: true, type: key, messageId: event.id, userId: users.userOf('case') });
    await channel.waitForConfirms();
    await plain.close();
    await eventually(() => recorder.handled.some((handled) => handled.event.id === event.id));
  });

  it('loses nothing when the broker closes the connection while the outbox relay publishes', async () => {
    let disconnects = 0;
    caseBus.broker.connection.on('disconnect', () => disconnects++);
    const store = new MemoryOutboxStore();
    const relay = new OutboxRelay(store, caseBus.publisher, caseBus.broker, { service: 'case', outboxPollMs: 200, outboxLeaseMs: 30_000 });
    relay.start();
    const events: EventEnvelope[] = [];
    // A steady stream (one event per 2 ms, each recorded and nudged as after a commit) runs
    // before, during and after the broker-side close.
    let dropped = false;
    const drop = closeConnectionByName(caseBus.broker.name).finally(() => (dropped = true));
    for (let after = 0; after < 100; after += dropped ? 1 : 0) {
      const event = caseClosedEvent();
      events.push(event);
      store.add(event, event.data.caseId);
      relay.nudge();
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    expect(await drop).toBe(true);
    await eventually(() => store.pending().length === 0, { what: 'the outbox drained after the reconnect', timeoutMs: 30_000 });
    await relay.stop();
    expect(disconnects).toBeGreaterThanOrEqual(1);
    const handled = () => new Set(recorder.handled.map((handled) => handled.event.id));
    await eventually(() => handled().size >= events.length, { what: 'every event handled', timeoutMs: 30_000 });
    expect(events.filter((event) => !handled().has(event.id))).toEqual([]);
  });
});
