import type { Connection } from 'mongoose';
import { InvalidEventError, routingKeyOf, type EventEnvelope } from '@support-hub/contracts';
import { requestContext } from '@support-hub/platform';
import { BrokerAdmin, closeConnectionByName } from './support/broker.admin';
import { runExchange, TEST_RETRY_DELAYS } from './support/bus.harness';
import { caseClosedData, caseClosedEvent } from './support/event.builders';
import { eventually } from './support/probe';
import { provisionRunUsers, type RunUsers } from './support/run-users';
import { Hooks, startService, TestDatabase, type ServiceApp } from './support/service.harness';

describe('Outbox and inbox (embedded MongoDB + real RabbitMQ)', () => {
  const exchange = runExchange('outbox');
  const watchQueue = `${exchange}.watch`;
  let database: TestDatabase;
  let admin: BrokerAdmin;
  let asCase: BrokerAdmin;
  let users: RunUsers;
  let caseDb: Connection;
  let accessDb: Connection;
  let caseService: ServiceApp;
  const started: ServiceApp[] = [];

  const startAccess = async (hooks: Hooks, instance: string) => {
    const service = await startService(accessDb, { exchange, users, service: 'access', consumes: ['case.closed'] }, { hooks, instance });
    started.push(service);
    return service;
  };
  const watched = async () => (await admin.drain(watchQueue)).map((message) => JSON.parse(message.content.toString()) as EventEnvelope);
  const revocations = (caseId: string) => accessDb.collection('revocations').countDocuments({ caseId });
  const publishRaw = (event: EventEnvelope) => asCase.publish(exchange, routingKeyOf(event.type), event, { type: routingKeyOf(event.type), messageId: event.id });

  beforeAll(async () => {
    database = await TestDatabase.start();
    admin = await BrokerAdmin.connect();
    users = await provisionRunUsers(exchange);
    asCase = await BrokerAdmin.connect(users.amqpUrlOf('case'));
    caseDb = await database.connect(`${exchange}-case`);
    accessDb = await database.connect(`${exchange}-access`);
    // The relay's fallback poll is an hour here: prompt publishing must come from the nudge.
    caseService = await startService(caseDb, { exchange, users, service: 'case', outboxPollMs: 3_600_000 }, { controllers: [] });
    await admin.channel.assertQueue(watchQueue, { durable: false });
    await admin.channel.bindQueue(watchQueue, exchange, '#');
  });

  afterEach(async () => {
    await Promise.all(started.splice(0).map((service) => service.app.close()));
    await admin.drain(watchQueue);
  });

  afterAll(async () => {
    await caseService?.app.close();
    await caseDb?.close();
    await accessDb?.close();
    await admin.deleteTopology(exchange, ['case', 'access'], TEST_RETRY_DELAYS, [watchQueue]);
    await asCase.close();
    await users.users.remove();
    await admin.close();
    await database?.stop();
  });

  it('publishes events recorded in a transaction right after it commits, with the request context', async () => {
    const data = caseClosedData();
    const context = { correlationId: 'http-request-1', causationId: null };
    const [recorded] = await requestContext.run(context, () =>
      caseDb.transaction((session) => caseService.outbox.record([{ type: 'case.closed', aggregateId: data.caseId, workspaceId: data.workspaceId, data }], session)),
    );
    const [published] = await eventually(async () => {
      const got = await watched();
      return got.length > 0 && got;
    }, { what: 'the event on the exchange' });
    expect(published).toEqual(recorded);
    expect(published).toMatchObject({ type: 'case.closed', version: 1, source: 'case', correlationId: 'http-request-1', causationId: null, workspaceId: data.workspaceId, data });
    const row = await eventually(() => caseDb.collection('outbox_events').findOne({ _id: recorded.id as never, status: 'sent' }));
    expect(row.sentAt).toBeInstanceOf(Date);
  });

  it('publishes nothing when the transaction aborts', async () => {
    const data = caseClosedData();
    await expect(
      caseDb.transaction(async (session) => {
        await caseService.outbox.record([{ type: 'case.closed', aggregateId: data.caseId, data }], session);
        throw new Error('business rule failed after recording');
      }),
    ).rejects.toThrow('business rule failed');
    caseService.relay.nudge();
    await caseService.relay.idle();
    expect(await caseDb.collection('outbox_events').countDocuments({ aggregateId: data.caseId })).toBe(0);
    expect(await watched()).toEqual([]);
  });

  it('refuses events outside a transaction and events that break the contract', async () => {
    const data = caseClosedData();
    const session = await caseDb.startSession();
    await expect(caseService.outbox.record([{ type: 'case.closed', aggregateId: data.caseId, data }], session)).rejects.toThrow('inside a transaction');
    await session.endSession();
    const broken = { ...data, severity: 'Z' } as unknown as typeof data;
    await expect(caseDb.transaction((s) => caseService.outbox.record([{ type: 'case.closed', aggregateId: data.caseId, data: broken }], s))).rejects.toThrow(
      InvalidEventError,
    );
  });

  it("publishes one aggregate's events in the order they were recorded", async () => {
    const caseId = 'case-ordered';
    for (let revision = 1; revision <= 5; revision++) {
      const data = caseClosedData({ caseId, revision });
      await caseDb.transaction((session) =>
        caseService.outbox.record([{ type: 'case.closed', aggregateId: caseId, data }, { type: 'case.closed', aggregateId: caseId, data: { ...data, revision: revision + 100 } }], session),
      );
    }
    const received: EventEnvelope[] = [];
    await eventually(async () => {
      received.push(...(await watched()));
      return received.length >= 10;
    });
    expect(received.map((event) => (event.data as { revision: number }).revision)).toEqual([1, 101, 2, 102, 3, 103, 4, 104, 5, 105]);
    const rows = await caseDb.collection('outbox_events').find({ aggregateId: caseId }).sort({ sequence: 1 }).toArray();
    expect(rows.map((row) => row.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('applies a duplicate delivery of one event once', async () => {
    const hooks = new Hooks();
    await startAccess(hooks, 'a');
    const event = caseClosedEvent();
    await publishRaw(event);
    await publishRaw(event);
    await eventually(() => hooks.calls.length === 2, { what: 'both deliveries handled' });
    expect(hooks.calls.map((call) => call.duplicate).sort()).toEqual([false, true]);
    expect(await revocations(event.data.caseId)).toBe(1);
  });

  it('applies once an event redelivered after its consumer died between commit and ack', async () => {
    const hooks = new Hooks();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    hooks.afterCommit = async (_event, instance) => {
      if (instance === 'a') await held;
    };
    const a = await startAccess(hooks, 'a');
    const event = caseClosedEvent();
    await publishRaw(event);
    await eventually(() => hooks.calls.some((call) => call.instance === 'a'), { what: 'a committed its effect' });
    await startAccess(hooks, 'b');
    expect(await closeConnectionByName(a.broker.name)).toBe(true);
    await eventually(() => hooks.calls.some((call) => call.instance === 'b'), { what: 'b got the redelivery' });
    release();
    expect(hooks.calls.find((call) => call.instance === 'b')?.duplicate).toBe(true);
    expect(await revocations(event.data.caseId)).toBe(1);
  });

  it('carries the correlation id from the first event to the events its handler records', async () => {
    const hooks = new Hooks();
    const access = await startAccess(hooks, 'a');
    const data = caseClosedData();
    const [closed] = await requestContext.run({ correlationId: 'http-request-2', causationId: null }, () =>
      caseDb.transaction((session) => caseService.outbox.record([{ type: 'case.closed', aggregateId: data.caseId, data }], session)),
    );
    const received: EventEnvelope[] = [];
    const revoked = await eventually(async () => {
      received.push(...(await watched()));
      return received.find((event) => event.type === 'access.revoked');
    }, { what: 'access.revoked published by the access service' });
    expect(revoked).toMatchObject({ source: 'access', correlationId: 'http-request-2', causationId: closed.id });
    expect(await access.processed.exists({ _id: `default:${closed.id}` })).not.toBeNull();
  });
});
