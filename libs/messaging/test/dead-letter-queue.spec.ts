import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { routingKeyOf, type EventEnvelope } from '@support-hub/contracts';
import { DeadLetterQueue } from '../src/dead-letter-queue';
import { unroutablePolicyName } from '../src/broker-definitions';
import { messagingMetrics } from '../src/messaging.metrics';
import { topologyNames } from '../src/messaging.topology';
import { PermanentEventError } from '../src/on-event.decorator';
import { BrokerAdmin } from './support/broker.admin';
import { BusApp, Recorder, runExchange, startBusApp, TEST_RETRY_DELAYS } from './support/bus.harness';
import { caseClosedEvent } from './support/event.builders';
import { eventually } from './support/probe';
import { provisionRunUsers, type RunUsers } from './support/run-users';

describe('DeadLetterQueue (npm run dlq) against the real RabbitMQ', () => {
  const exchange = runExchange('dlq');
  const names = topologyNames(exchange, 'access');
  const routingKey = routingKeyOf('case.closed');
  const recorder = new Recorder();
  let admin: BrokerAdmin;
  let asCase: BrokerAdmin;
  let asWorkspace: BrokerAdmin;
  let users: RunUsers;
  let bus: BusApp;
  let sut: DeadLetterQueue;

  beforeAll(async () => {
    admin = await BrokerAdmin.connect();
    users = await provisionRunUsers(exchange);
    asCase = await BrokerAdmin.connect(users.amqpUrlOf('case'));
    asWorkspace = await BrokerAdmin.connect(users.amqpUrlOf('workspace'));
    bus = await startBusApp({ exchange, users, queueDepthIntervalMs: 50 }, recorder);
    // The operator's tool works as the service's own broker user, never as the administrator.
    sut = await DeadLetterQueue.open({ amqpUrl: users.amqpUrlOf('access'), exchange, service: 'access', prefix: users.prefix });
  });

  afterEach(async () => {
    recorder.behaviour = async () => undefined;
    recorder.handled.length = 0;
    await admin.drain(names.deadLetterQueue);
  });

  afterAll(async () => {
    await sut?.close();
    await bus?.app.close();
    await admin.deleteTopology(exchange, ['access'], TEST_RETRY_DELAYS);
    await asCase.close();
    await asWorkspace.close();
    await users.users.remove();
    await admin.close();
  });

  const letterOf = (id: string) =>
    eventually(async () => (await sut.list()).letters.find((letter) => letter.id === id), { what: `dead letter ${id}` });
  const handledIds = () => recorder.handled.map((handled) => handled.event.id);
  const deadLetterDepth = async () =>
    (await messagingMetrics.queueDepth.get()).values.find(({ labels }) => labels.service === 'access' && labels.queue === 'dead-letter')?.value;

  it('round-trips a poisoned message: dead-lettered with its reason, fixed, replayed with its id and body, handled once', async () => {
    const poisoned = caseClosedEvent();
    recorder.behaviour = async (event) => {
      if (event.id === poisoned.id) throw new PermanentEventError('closedBy is not a known user');
    };
    await asCase.publish(exchange, routingKey, poisoned, { type: routingKey, messageId: poisoned.id });

    const letter = await letterOf(poisoned.id);
    expect(letter).toMatchObject({
      type: 'case.closed',
      reason: 'rejected',
      publisher: users.userOf('case'),
      attempts: 1,
      replays: 0,
      notReplayable: undefined,
    });
    expect(letter.error).toContain('closedBy is not a known user');
    expect(Date.parse(letter.firstDeathAt ?? '')).not.toBeNaN();
    await eventually(async () => (await deadLetterDepth()) === 1, { what: 'messaging_queue_depth{queue="dead-letter"} = 1' });

    recorder.behaviour = async () => undefined; // the fix is deployed
    const outcome = await sut.replay({ ids: [poisoned.id] });
    expect(outcome.done.map((done) => done.id)).toEqual([poisoned.id]);
    expect(outcome.refused).toEqual([]);

    await eventually(() => handledIds().includes(poisoned.id), { what: 'the replayed event handled' });
    await eventually(() => bus.transport.inFlightCount === 0 && admin.messageCount(names.queue).then((count) => count === 0));
    expect(recorder.handled.filter(({ event }) => event.id === poisoned.id).map(({ event }) => event)).toEqual([poisoned]);
    expect((await sut.list()).total).toBe(0);
    await eventually(async () => (await deadLetterDepth()) === 0, { what: 'messaging_queue_depth{queue="dead-letter"} = 0' });
    expect(await sut.replay({ ids: [poisoned.id] })).toEqual({ done: [], refused: [], missing: [poisoned.id] });
  });

  it('keeps the first death time and counts replays when a replayed message dies again', async () => {
    const poisoned = caseClosedEvent();
    recorder.behaviour = async () => {
      throw new PermanentEventError('still broken');
    };
    await asCase.publish(exchange, routingKey, poisoned, { type: routingKey, messageId: poisoned.id });
    const first = await letterOf(poisoned.id);
    await sut.replay({ all: true });
    const second = await eventually(async () => (await sut.list()).letters.find((letter) => letter.id === poisoned.id && letter.replays === 1));
    expect(second.firstDeathAt).toBe(first.firstDeathAt);
    expect(second.publisher).toBe(users.userOf('case'));
  });

  it('refuses to replay an untrusted-source dead letter (it would stay untrusted), and purges it', async () => {
    const forged = caseClosedEvent();
    // Topic permissions keep it off case.* keys, but the default exchange reaches the queue itself.
    await asWorkspace.publish('', names.queue, forged, { type: routingKey, messageId: forged.id });
    const letter = await letterOf(forged.id);
    expect(letter).toMatchObject({ reason: 'untrusted-source', publisher: users.userOf('workspace') });
    expect(letter.notReplayable).toContain(`not by ${users.userOf('case')}`);

    const outcome = await sut.replay({ all: true });
    expect(outcome.done).toEqual([]);
    expect(outcome.refused.map(({ letter: refused }) => refused.id)).toEqual([forged.id]);
    expect((await sut.list()).letters.map(({ id }) => id)).toEqual([forged.id]);

    expect((await sut.purge({ ids: [forged.id] })).done.map(({ id }) => id)).toEqual([forged.id]);
    expect((await sut.list()).total).toBe(0);
    expect(handledIds()).not.toContain(forged.id);
  });

  it('believes no header of a dead letter another user put in the queue: it cannot be laundered by a replay', async () => {
    const forged: EventEnvelope = caseClosedEvent();
    // Any service user may write to the default exchange, so it can reach another service's dead-letter queue.
    await asWorkspace.publish('', names.deadLetterQueue, forged, {
      type: routingKey,
      messageId: forged.id,
      headers: { 'x-publisher': users.userOf('case'), 'x-death-reason': 'rejected', 'x-verified-publisher': users.userOf('case') },
    });
    const letter = await letterOf(forged.id);
    expect(letter.publisher).toBe(users.userOf('workspace'));
    expect(letter.notReplayable).toBeDefined();
    expect((await sut.replay({ ids: [forged.id] })).refused).toHaveLength(1);
    expect(handledIds()).not.toContain(forged.id);
  });

  it('leaves the dead letters it only lists in the queue', async () => {
    const events = [caseClosedEvent(), caseClosedEvent()];
    recorder.behaviour = async () => {
      throw new PermanentEventError('broken');
    };
    for (const event of events) await asCase.publish(exchange, routingKey, event, { type: routingKey, messageId: event.id });
    await eventually(async () => (await sut.list()).total === 2);
    expect((await sut.list(1)).letters).toHaveLength(1);
    expect((await sut.list()).letters.map(({ id }) => id).sort()).toEqual(events.map(({ id }) => id).sort());
  });

  it('is what `npm run dlq` lists and replays, as the service user from the environment', async () => {
    const root = join(__dirname, '..', '..', '..');
    (require(join(root, 'scripts', 'ensure-build')) as { ensureBuild(options: { quiet: boolean }): void }).ensureBuild({ quiet: true });
    const env = { ...process.env, AMQP_URL: users.amqpUrlOf('access'), AMQP_EXCHANGE: exchange, AMQP_USER_PREFIX: users.prefix };
    const dlq = (...args: string[]) => promisify(execFile)(process.execPath, [join(root, 'scripts', 'dlq.js'), ...args], { env, cwd: root });
    const poisoned = caseClosedEvent();
    recorder.behaviour = async () => {
      throw new PermanentEventError('broken until the fix');
    };
    await asCase.publish(exchange, routingKey, poisoned, { type: routingKey, messageId: poisoned.id });
    await letterOf(poisoned.id);

    const listed = JSON.parse((await dlq('list', '--service', 'access', '--json')).stdout) as { total: number; letters: { id: string; reason: string }[] };
    expect(listed.letters).toEqual([expect.objectContaining({ id: poisoned.id, reason: 'rejected' })]);
    expect((await dlq('list', '--service', 'access')).stdout).toMatch(new RegExp(`${poisoned.id}\\s+case\\.closed\\s+rejected\\s+1\\s`));

    recorder.behaviour = async () => undefined;
    expect((await dlq('replay', '--service', 'access', '--id', poisoned.id)).stdout).toContain('1 replayed, 0 refused, 0 not found');
    await eventually(() => handledIds().includes(poisoned.id), { what: 'the replayed event handled' });
    await expect(dlq('replay', '--service', 'access')).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('--id') });
  });

  it('bounds the unroutable queue on the broker by length and by age (policy)', async () => {
    const api = new URL(process.env.RABBITMQ_ADMIN_URL ?? 'http://guest:guest@127.0.0.1:15672');
    const authorization = `Basic ${Buffer.from(`${decodeURIComponent(api.username)}:${decodeURIComponent(api.password)}`).toString('base64')}`;
    const response = await fetch(`${api.origin}/api/policies/%2F/${encodeURIComponent(unroutablePolicyName(exchange))}`, { headers: { authorization } });
    const policy = (await response.json()) as { pattern: string; 'apply-to': string; definition: Record<string, unknown> };
    expect(new RegExp(policy.pattern).test(names.unroutableQueue)).toBe(true);
    expect(policy['apply-to']).toBe('queues');
    expect(policy.definition).toEqual({ 'max-length': 100_000, overflow: 'drop-head', 'message-ttl': 86_400_000 });
  });
});
