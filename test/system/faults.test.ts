// Faults, nothing lost: the four services as separate processes over the real RabbitMQ while a
// process is SIGKILLed, a broker connection is cut, a queue has two competing replicas, the
// database is killed and restarted, and garbage arrives on the bus. Each test checks the effect
// users depend on — a closed case's access ends, an acknowledged write stays — not internals.
import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@support-hub/contracts';
import { eventually } from '@support-hub/testing';
import { Bus } from '../support/bus';
import { SystemUnderTest } from '../support/system-under-test';
import {
  Customer,
  expectStatus,
  inParallel,
  listAll,
  metricSum,
  onboardCustomer,
  person,
  Person,
  registerEngineer,
  SystemClient,
  VENDOR_TENANT,
} from '../support/system-client';

interface GrantView {
  id: string;
  caseId: string;
  status: string;
  basis: string;
  endReason: string | null;
}

describe('Faults: nothing lost', () => {
  let system: SystemUnderTest;
  let client: SystemClient;
  let bus: Bus;
  let customer: Customer;

  beforeAll(async () => {
    // The access index's periodic resync is pushed out of the way: replicas must learn of each
    // other's revocations from the access.* broadcast alone.
    system = await SystemUnderTest.start({}, { RATE_LIMIT_PER_MINUTE: '100000', GRANT_INDEX_RESYNC_MS: '600000' });
    client = new SystemClient(system);
    bus = await Bus.open(system.amqpUrl, system.exchange);
    customer = await onboardCustomer(client);
  }, 180_000);

  afterAll(async () => {
    await bus?.close();
    await system?.stop();
  });

  /** An engineer of their own product area, so each test's grants are only its own. */
  async function engineerWithArea(): Promise<{ engineer: Person; productArea: string }> {
    const productArea = `area-${randomUUID().slice(0, 8)}`;
    return { engineer: await registerEngineer(client, [productArea]), productArea };
  }

  async function openConsentedCases(count: number, productArea: string): Promise<string[]> {
    return inParallel(Array.from({ length: count }, (_, index) => index), 6, async (index) => {
      const reply = await client.as(customer.member).post('case', `/api/v1/workspaces/${customer.workspaceId}/cases`, {
        title: `Case ${index}`,
        description: 'Sign-ins fail',
        severity: 'C',
        productArea,
        allowAdvancedDiagnostics: true,
      });
      return expectStatus(reply, 201, 'open case').body.id as string;
    });
  }

  const grantsOf = (engineer: Person, status?: string): Promise<GrantView[]> =>
    listAll(client, engineer, 'access', `/api/v1/access-grants${status ? `?status=${status}` : ''}`);

  async function waitForConsentGrants(engineer: Person, caseIds: string[]): Promise<void> {
    await eventually(async () => {
      const active = await grantsOf(engineer, 'active');
      return active.length === caseIds.length;
    }, { what: `${caseIds.length} consent grants`, timeoutMs: 60_000, intervalMs: 250 });
  }

  /** Every grant of the closed cases has ended (completed by the close), and the engineer reads nothing. */
  async function expectEveryGrantEnded(engineer: Person, caseIds: string[], timeoutMs = 60_000): Promise<GrantView[]> {
    await eventually(async () => (await grantsOf(engineer, 'active')).length === 0, {
      what: 'every grant of the closed cases to end',
      timeoutMs,
      intervalMs: 250,
    });
    const grants = await grantsOf(engineer);
    expect(new Set(grants.map((grant) => grant.caseId))).toEqual(new Set(caseIds));
    for (const grant of grants) expect(grant).toMatchObject({ basis: 'consent', status: 'completed', endReason: 'case-closed' });
    // Every replica refuses: the one that revoked at once, the others through the access.* broadcast
    // (their periodic resync is pushed to 10 minutes here, so only the broadcast can explain a
    // refusal within this bound; how fast it is is the bench's to measure, not a test's).
    for (let replica = 0; replica < system.replicaCount('access'); replica += 1) {
      await eventually(async () => {
        const check = await client.as(engineer).get('access', `/api/v1/access-grants/check?tenantId=${customer.tenantId}`, { replica });
        return check.body.allowed === false;
      }, { what: `access replica ${replica} to refuse`, timeoutMs: 30_000, intervalMs: 10 });
      const read = await client.as(engineer).get('access', `/api/v1/tenants/${customer.tenantId}/diagnostics/sign-ins`, { replica });
      expect(read.body.code).toBe('ACCESS_NOT_GRANTED');
    }
    return grants;
  }

  it('the access service SIGKILLed while 200 cases close, then restarted: every grant of a closed case ends', async () => {
    const { engineer, productArea } = await engineerWithArea();
    const caseIds = await openConsentedCases(200, productArea);
    await waitForConsentGrants(engineer, caseIds);

    let closed = 0;
    // The case service owns its own database: a crashed access service must not stall its writes.
    // Every close must answer while access is down (it restarts only after they all have); one
    // that waited for access would never answer, and fail at this bound.
    const closing = inParallel(caseIds, 6, async (caseId) => {
      expectStatus(await client.as(engineer).post('case', `/api/v1/cases/${caseId}/close`, undefined, { timeoutMs: 150_000 }), 200, 'close');
      closed += 1;
    });
    await eventually(() => closed >= 40, { what: 'the first closes', timeoutMs: 30_000 });
    await system.kill('access', 0, 'SIGKILL');
    const closedWhenKilled = closed;
    await closing;
    expect(closedWhenKilled).toBeLessThan(200);

    await system.restart('access', 0);
    await expectEveryGrantEnded(engineer, caseIds);
  }, 240_000);

  it("the case service's broker connection cut while cases close: every case.closed is published once it returns", async () => {
    const { engineer, productArea } = await engineerWithArea();
    const caseIds = await openConsentedCases(60, productArea);
    await waitForConsentGrants(engineer, caseIds);
    const published = await bus.tap(['case.closed']);

    let closed = 0;
    const closing = inParallel(caseIds, 3, async (caseId) => {
      expectStatus(await client.as(engineer).post('case', `/api/v1/cases/${caseId}/close`), 200, 'close');
      closed += 1;
    });
    // Cut while closes go on (more may follow if closes are still running once it reconnected).
    await eventually(() => closed >= 5, { what: 'the first closes' });
    const closedBeforeCut = closed;
    const firstCut = await system.cutBrokerConnections('case');
    await eventually(async () => (await system.brokerConnections('case')).length > 0, { what: 'the case service to reconnect', timeoutMs: 30_000, intervalMs: 200 });
    if (closed < caseIds.length) await system.cutBrokerConnections('case');
    await closing;
    expect(firstCut).toBeGreaterThan(0);
    expect(closedBeforeCut).toBeLessThan(caseIds.length);

    const closedIds = new Set(caseIds);
    await eventually(() => {
      const seen = new Set(published.filter((event) => closedIds.has((event as EventEnvelope<'case.closed'>).data.caseId)).map((event) => (event as EventEnvelope<'case.closed'>).data.caseId));
      return seen.size === caseIds.length;
    }, { what: 'a case.closed for every closed case', timeoutMs: 60_000, intervalMs: 200 });
    // Re-publishing after a lost confirm is allowed (same envelope id); a second, different event is not.
    const idsPerCase = new Map<string, Set<string>>();
    for (const event of published as EventEnvelope<'case.closed'>[]) {
      if (!closedIds.has(event.data.caseId)) continue;
      idsPerCase.set(event.data.caseId, (idsPerCase.get(event.data.caseId) ?? new Set()).add(event.id));
    }
    for (const ids of idsPerCase.values()) expect(ids.size).toBe(1);
    await expectEveryGrantEnded(engineer, caseIds);
  }, 180_000);

  it('two replicas of the access service on one queue: every event handled once in effect', async () => {
    const replica = await system.addReplica('access', { RATE_LIMIT_PER_MINUTE: '100000', GRANT_INDEX_RESYNC_MS: '600000' });
    const handledBefore = await Promise.all([0, replica].map((index) => metricSum(system, 'access', index, 'messaging_consumed_total', { outcome: 'handled' })));
    const accessEvents = await bus.tap(['access.granted', 'access.revoked']);

    const { engineer, productArea } = await engineerWithArea();
    const caseIds = await openConsentedCases(40, productArea);
    await waitForConsentGrants(engineer, caseIds);
    await inParallel(caseIds, 6, async (caseId) => expectStatus(await client.as(engineer).post('case', `/api/v1/cases/${caseId}/close`), 200, 'close'));
    const grants = await expectEveryGrantEnded(engineer, caseIds);

    // Once in effect: one grant per case, one grant.created and one grant.completed audit line
    // per grant, one access.granted and one access.revoked (distinct events) per grant.
    expect(grants).toHaveLength(caseIds.length);
    const audit = (await listAll(client, customer.admin, 'access', `/api/v1/audit?tenantId=${customer.tenantId}`))
      .filter((record: { caseId: string }) => caseIds.includes(record.caseId));
    for (const grant of grants) {
      const actions = audit.filter((record: { grantId: string }) => record.grantId === grant.id).map((record: { action: string }) => record.action).sort();
      expect(actions).toEqual(['grant.completed', 'grant.created']);
    }
    await eventually(() => {
      const ofTheseGrants = accessEvents.filter((event) => grants.some((grant) => grant.id === (event.data as { grantId?: string }).grantId));
      return new Set(ofTheseGrants.filter((event) => event.type === 'access.revoked').map((event) => event.id)).size === grants.length;
    }, { what: 'one access.revoked per grant' });
    for (const grant of grants) {
      const events = accessEvents.filter((event) => (event.data as { grantId?: string }).grantId === grant.id);
      expect(new Set(events.filter((event) => event.type === 'access.granted').map((event) => event.id)).size).toBe(1);
      expect(new Set(events.filter((event) => event.type === 'access.revoked').map((event) => event.id)).size).toBe(1);
    }

    // Both replicas took a share of the queue (otherwise this proved nothing about competition).
    const handledAfter = await Promise.all([0, replica].map((index) => metricSum(system, 'access', index, 'messaging_consumed_total', { outcome: 'handled' })));
    expect(handledAfter[0]).toBeGreaterThan(handledBefore[0]);
    expect(handledAfter[1]).toBeGreaterThan(handledBefore[1]);
  }, 180_000);

  it('the embedded database SIGKILLed and restarted (persistence on): no acknowledged write lost', async () => {
    const manager = person('Mona Manager', VENDOR_TENANT, ['support-manager']);
    const csam = customer.csam;
    const acknowledged: { service: 'case' | 'workspace'; id: string; read: string; reader: Person }[] = [];
    let attempted = 0;
    let writing = true;

    // Writers keep going through the outage; a write is acknowledged only by its 2xx.
    const writer = async (kind: number) => {
      while (writing) {
        attempted += 1;
        const signal = AbortSignal.timeout(20_000);
        try {
          if (kind % 2 === 0) {
            const userId = `eng-${randomUUID()}`;
            const reply = await fetch(`${system.url('case')}/api/v1/engineers`, {
              method: 'POST',
              signal,
              headers: { authorization: `Bearer ${client.bearer(manager)}`, 'content-type': 'application/json' },
              body: JSON.stringify({ userId, name: 'Durable Engineer', email: `${userId}@vendor.example`, expertise: ['durability'] }),
            });
            if (reply.status === 201) acknowledged.push({ service: 'case', id: userId, read: '', reader: manager });
          } else {
            const reply = await fetch(`${system.url('workspace')}/api/v1/contracts`, {
              method: 'POST',
              signal,
              headers: { authorization: `Bearer ${client.bearer(csam)}`, 'content-type': 'application/json' },
              body: JSON.stringify({
                customerName: 'Durable Ltd',
                customerTenantId: randomUUID(),
                type: 'premier',
                startsAt: '2090-01-01T00:00:00Z',
                endsAt: '2091-01-01T00:00:00Z',
                serviceAdmin: { email: 'admin@durable.example', name: 'Admin' },
                supportContacts: [],
                services: ['reactive-support'],
              }),
            });
            if (reply.status === 201) {
              const id = ((await reply.json()) as { id: string }).id;
              acknowledged.push({ service: 'workspace', id, read: `/api/v1/contracts/${id}`, reader: csam });
            }
          }
        } catch {
          // refused, reset or timed out: not acknowledged, so nothing is promised
        }
      }
    };
    const writers = Promise.all([0, 1, 2, 3].map(writer));
    await eventually(() => acknowledged.length >= 40, { what: 'writes before the crash', timeoutMs: 30_000 });
    await system.restartDatabase('SIGKILL');
    const atRestart = acknowledged.length;
    await eventually(() => acknowledged.length >= atRestart + 20, { what: 'writes acknowledged after the restart', timeoutMs: 60_000, intervalMs: 100 });
    writing = false;
    await writers;
    expect(attempted).toBeGreaterThan(acknowledged.length - 1);

    const engineers = new Set((await listAll(client, manager, 'case', '/api/v1/engineers')).map((engineer: { userId: string }) => engineer.userId));
    const lost: string[] = [];
    for (const write of acknowledged) {
      if (write.service === 'case' && !engineers.has(write.id)) lost.push(`engineer ${write.id}`);
      if (write.service === 'workspace' && (await client.as(write.reader).get('workspace', write.read)).status !== 200) lost.push(`contract ${write.id}`);
    }
    expect(lost).toEqual([]);
    // And the system still works end to end: a case opened now is assigned and reaches the access service.
    const { engineer, productArea } = await engineerWithArea();
    const caseIds = await openConsentedCases(1, productArea);
    await waitForConsentGrants(engineer, caseIds);
  }, 180_000);

  it('a poison message and an unknown event type are dead-lettered; the rest flows', async () => {
    const access = system.queues('access');
    const workspace = system.queues('workspace');
    const before = { access: await bus.messageCount(access.deadLetter), workspace: await bus.messageCount(workspace.deadLetter) };

    // 1. Not JSON, on a routing key both the access and workspace services consume.
    const poisonId = randomUUID();
    await bus.publishRaw('case.closed.v1', '{"this is": not json', { messageId: poisonId, type: 'case.closed.v1' });
    // 2. A well-formed envelope of a type nobody knows, on a consumed routing key.
    const unknown = Bus.envelope('case.closed', { caseId: randomUUID() }, { type: 'case.exploded' as 'case.closed' });
    await bus.publishRaw('case.closed.v1', JSON.stringify(unknown), { messageId: unknown.id });
    // 3. A known type the access service does not handle, put straight on its queue by its owner.
    const unhandled = Bus.envelope('invitation.revoked', { invitationId: randomUUID(), workspaceId: randomUUID(), email: 'x@example.com', revokedBy: 'admin-1' }, { source: 'invitation' });
    const asInvitation = await Bus.open(system.brokerUsers!.amqpUrlOf('invitation'), system.exchange);
    try {
      const userId = `${system.brokerUserPrefix}invitation`;
      await asInvitation.publishRaw(access.queue, JSON.stringify(unhandled), { messageId: unhandled.id, type: 'invitation.revoked.v1', userId }, '');
    } finally {
      await asInvitation.close();
    }
    // 4. A routing key no queue is bound to: kept in the unroutable queue, not lost.
    const unroutableId = randomUUID();
    await bus.publishRaw('nobody.listens.v1', JSON.stringify(Bus.envelope('case.closed', {})), { messageId: unroutableId });

    await eventually(async () => (await bus.messageCount(access.deadLetter)) >= before.access + 3, { what: "the access service's DLQ to hold the three bad messages" });
    await eventually(async () => (await bus.messageCount(workspace.deadLetter)) >= before.workspace + 2, { what: "the workspace service's DLQ to hold the two bad messages" });
    const dead = await bus.drain(access.deadLetter);
    const reasonOf = (id: string) => dead.find((message) => message.properties.messageId === id)?.properties.headers?.['x-death-reason'];
    expect(reasonOf(poisonId)).toBe('invalid');
    expect(reasonOf(unknown.id)).toBe('invalid');
    expect(reasonOf(unhandled.id)).toBe('unhandled-type');
    const unroutable = await bus.drain(access.unroutable);
    expect(unroutable.map((message) => message.properties.messageId)).toContain(unroutableId);

    // The rest flows: nothing is stuck in the service queue, and a close still revokes.
    await eventually(async () => (await bus.messageCount(access.queue)) === 0, { what: "the access service's queue to drain" });
    const { engineer, productArea } = await engineerWithArea();
    const caseIds = await openConsentedCases(3, productArea);
    await waitForConsentGrants(engineer, caseIds);
    for (const caseId of caseIds) expectStatus(await client.as(engineer).post('case', `/api/v1/cases/${caseId}/close`), 200);
    await expectEveryGrantEnded(engineer, caseIds, 20_000);
  }, 120_000);
});
