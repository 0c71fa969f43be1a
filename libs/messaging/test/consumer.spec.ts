import { routingKeyOf } from '@support-hub/contracts';
import { topologyNames } from '../src/messaging.topology';
import { PermanentEventError } from '../src/on-event.decorator';
import { BrokerAdmin } from './support/broker.admin';
import { BusApp, Recorder, runExchange, startBusApp, TEST_RETRY_DELAYS } from './support/bus.harness';
import { caseClosedEvent } from './support/event.builders';
import { eventually } from './support/probe';
import { provisionRunUsers, type RunUsers } from './support/run-users';

describe('EventConsumer (consuming against the real RabbitMQ)', () => {
  const exchange = runExchange('consumer');
  const names = topologyNames(exchange, 'access');
  const recorder = new Recorder();
  let admin: BrokerAdmin;
  /** The case service's broker user: the owner of the case.* events this consumer handles. */
  let asCase: BrokerAdmin;
  let users: RunUsers;
  let bus: BusApp;

  beforeAll(async () => {
    admin = await BrokerAdmin.connect();
    users = await provisionRunUsers(exchange);
    asCase = await BrokerAdmin.connect(users.amqpUrlOf('case'));
    bus = await startBusApp({ exchange, users }, recorder);
  });

  afterEach(async () => {
    recorder.behaviour = async () => undefined;
    recorder.handled.length = 0;
    await admin.drain(names.deadLetterQueue);
  });

  afterAll(async () => {
    await bus?.app.close();
    await admin.deleteTopology(exchange, ['access'], TEST_RETRY_DELAYS);
    await asCase.close();
    await users.users.remove();
    await admin.close();
  });

  const publishRaw = (body: unknown, type = routingKeyOf('case.closed')) =>
    asCase.publish(exchange, type, body, { type, messageId: (body as { id?: string }).id });
  const handledIds = () => recorder.handled.map((handled) => handled.event.id);

  it.each([
    [['case.closed', 'case.opened', 'case.reopened'], 'subscribed without a handler: case.reopened'],
    [['case.closed'], 'handled but not subscribed: case.opened'],
  ] as const)('refuses to start when the subscriptions %j and the @OnEvent handlers differ', async (consumes, problem) => {
    await expect(startBusApp({ exchange, users, consumes }, new Recorder(), 'mismatched')).rejects.toThrow(problem);
  });

  it('hands a plain envelope to the @OnEvent handler inside its correlation context, then acks', async () => {
    const event = caseClosedEvent();
    await publishRaw(event);
    const [handled] = await eventually(() => recorder.handled.length === 1 && recorder.handled, { what: 'handled' });
    expect(handled.event).toEqual(event);
    expect(handled.context).toMatchObject({ correlationId: event.correlationId, causationId: event.id });
    await eventually(() => bus.transport.inFlightCount === 0);
    expect(await admin.messageCount(names.queue)).toBe(0);
  });

  it('dead-letters a poison message at once and keeps processing the messages behind it', async () => {
    await publishRaw('{ not json');
    await publishRaw({ ...caseClosedEvent(), data: { caseId: 42 } });
    const good = caseClosedEvent();
    await publishRaw(good);
    await eventually(() => handledIds().includes(good.id), { what: 'the good event' });
    const dead = await eventually(async () => (await admin.messageCount(names.deadLetterQueue)) === 2 && admin.drain(names.deadLetterQueue));
    expect(dead.map((message) => message.properties.headers?.['x-death-reason'])).toEqual(['invalid', 'invalid']);
    expect(String(dead[1].properties.headers?.['x-error'])).toContain('invalid case.closed data');
    expect(recorder.handled).toHaveLength(1);
  });

  it('dead-letters an event whose AMQP type has no handler, and one whose type contradicts its body', async () => {
    const unhandled = { ...caseClosedEvent(), type: 'case.reopened', data: { ...caseClosedEvent().data, reopenedBy: 'u', reopenedAt: new Date().toISOString() } };
    await asCase.publish(exchange, 'case.closed.v1', unhandled, { type: 'case.reopened.v1' }); // bound key, unhandled type
    await publishRaw(caseClosedEvent(), 'case.opened.v1');
    const dead = await eventually(async () => (await admin.messageCount(names.deadLetterQueue)) === 2 && admin.drain(names.deadLetterQueue));
    expect(dead.map((message) => message.properties.headers?.['x-death-reason']).sort()).toEqual(['invalid', 'unhandled-type']);
    expect(recorder.handled).toHaveLength(0);
  });

  it('retries a failing handler with delay and acks once it succeeds', async () => {
    const attempts = new Map<string, number>();
    recorder.behaviour = async (event) => {
      const attempt = (attempts.get(event.id) ?? 0) + 1;
      attempts.set(event.id, attempt);
      if (attempt < 3) throw new Error(`transient failure ${attempt}`);
    };
    const event = caseClosedEvent();
    await publishRaw(event);
    await eventually(() => handledIds().includes(event.id), { what: 'success on the third attempt' });
    expect(attempts.get(event.id)).toBe(3);
    expect(await admin.messageCount(names.deadLetterQueue)).toBe(0);
  });

  it('dead-letters after maxAttempts with the last error, without blocking later events', async () => {
    const failing = caseClosedEvent();
    recorder.behaviour = async (event) => {
      if (event.id === failing.id) throw new Error('database unavailable');
    };
    await publishRaw(failing);
    const later = caseClosedEvent();
    await publishRaw(later);
    await eventually(() => handledIds().includes(later.id));
    const [dead] = await eventually(async () => (await admin.messageCount(names.deadLetterQueue)) === 1 && admin.drain(names.deadLetterQueue));
    expect(dead.properties.messageId).toBe(failing.id);
    expect(dead.properties.headers).toMatchObject({ 'x-death-reason': 'retries-exhausted', 'x-attempt': 3, 'x-error': 'Error: database unavailable' });
    expect(JSON.parse(dead.content.toString())).toEqual(failing);
  });

  it('dead-letters at once when the handler says the failure is permanent', async () => {
    let calls = 0;
    recorder.behaviour = async () => {
      calls++;
      throw new PermanentEventError('case belongs to no known workspace');
    };
    await publishRaw(caseClosedEvent());
    const [dead] = await eventually(async () => (await admin.messageCount(names.deadLetterQueue)) === 1 && admin.drain(names.deadLetterQueue));
    expect(dead.properties.headers).toMatchObject({ 'x-death-reason': 'rejected', 'x-attempt': 1 });
    expect(calls).toBe(1);
  });

  it('reports the broker in readiness terms', () => {
    expect(bus.broker.isConnected()).toBe(true);
  });

  // Readiness waits for isSubscribed: with the connection alone, a service came up "ready"
  // before its queue was declared and bound, and the first events of a new exchange missed it.
  it('is subscribed only once its queue is bound on a new exchange, and no longer once closed', async () => {
    const fresh = runExchange('consumer-ready');
    const freshUsers = await provisionRunUsers(fresh);
    const freshRecorder = new Recorder();
    const publisherAsCase = await BrokerAdmin.connect(freshUsers.amqpUrlOf('case'));
    let started: BusApp | undefined;
    try {
      started = await startBusApp({ exchange: fresh, users: freshUsers }, freshRecorder, 'fresh');
      expect(started.transport.isSubscribed()).toBe(true);
      const event = caseClosedEvent();
      const type = routingKeyOf('case.closed');
      await publisherAsCase.publish(fresh, type, event, { type, messageId: event.id });
      await eventually(() => freshRecorder.handled.some((handled) => handled.event.id === event.id), { what: 'the first event of the exchange' });
      await started.app.close();
      expect(started.transport.isSubscribed()).toBe(false);
    } finally {
      await started?.app.close();
      await admin.deleteTopology(fresh, ['access'], TEST_RETRY_DELAYS);
      await publisherAsCase.close();
      await freshUsers.users.remove();
    }
  });
});
