// Attacks on the bus, against the four services running as processes over the machine's
// RabbitMQ: whoever can reach the broker — its administrator, another service's user — publishes
// events that would widen access if they were believed. None is applied; each is dead-lettered
// with the reason `untrusted-source`, and the genuine events still take effect.
import { randomUUID } from 'node:crypto';
import type { GetMessage } from 'amqplib';
import { routingKeyOf, type EventData, type EventEnvelope, type EventType } from '@support-hub/contracts';
import { eventually } from '@support-hub/testing';
import { Bus } from '../support/bus';
import { SystemUnderTest, type ServiceName } from '../support/system-under-test';
import { expectStatus, metricSum, onboardCustomer, person, registerEngineer, SystemClient, VENDOR_TENANT, type Customer, type Person } from '../support/system-client';

describe('Forged events: only the service that owns an event can cause it', () => {
  let system: SystemUnderTest;
  let client: SystemClient;
  /** The broker's administrator: may publish anything anywhere, but is nobody's trusted publisher. */
  let admin: Bus;
  /** The workspace service's own broker user: trusted for workspace.* only. */
  let asWorkspace: Bus;
  let customer: Customer;
  let engineer: Person;
  let productArea: string;
  /** A real vendor engineer, not assigned to anything of this customer: the forgeries name them. */
  const eve = person('Eve Engineer', VENDOR_TENANT, ['support-engineer']);
  /** A real CSAM of another contract. */
  const mallory = person('Mallory CSAM', VENDOR_TENANT, ['csam']);
  const deadLetters = new Map<string, GetMessage>();

  beforeAll(async () => {
    system = await SystemUnderTest.start();
    client = new SystemClient(system);
    admin = await Bus.open(system.amqpUrl, system.exchange);
    asWorkspace = await Bus.open(system.brokerUsers!.amqpUrlOf('workspace'), system.exchange);
    customer = await onboardCustomer(client);
    productArea = `identity-${randomUUID().slice(0, 8)}`;
    engineer = await registerEngineer(client, [productArea]);
  }, 180_000);

  afterAll(async () => {
    await admin?.close();
    await asWorkspace?.close();
    await system?.stop();
  });

  const workspaceUser = () => `${system.brokerUserPrefix}workspace`;
  const caseUser = () => `${system.brokerUserPrefix}case`;

  function envelope<T extends EventType>(type: T, data: EventData<T>, source: string): EventEnvelope<T> {
    return Bus.envelope(type, data, { source, workspaceId: customer.workspaceId });
  }

  const send = (bus: Bus, event: EventEnvelope, options: { userId?: string; headers?: Record<string, unknown>; queue?: ServiceName } = {}) =>
    bus.publishRaw(
      options.queue ? system.queues(options.queue).queue : routingKeyOf(event.type),
      JSON.stringify(event),
      { messageId: event.id, type: routingKeyOf(event.type), userId: options.userId, headers: options.headers },
      options.queue ? '' : system.exchange,
    );

  /** Waits until each message is in the service's dead-letter queue, and returns their reasons. */
  async function deadLetterReasons(service: ServiceName, ids: string[]): Promise<unknown[]> {
    const queue = system.queues(service).deadLetter;
    await eventually(async () => {
      for (const message of await admin.drain(queue)) deadLetters.set(`${service}:${message.properties.messageId}`, message);
      return ids.every((id) => deadLetters.has(`${service}:${id}`));
    }, { what: `${ids.length} forged events in the ${service} dead-letter queue` });
    return ids.map((id) => deadLetters.get(`${service}:${id}`)!.properties.headers?.['x-death-reason']);
  }

  const check = async (user: Person) => expectStatus(await client.as(user).get('access', `/api/v1/access-grants/check?tenantId=${customer.tenantId}`), 200).body;

  function consentedCase(assignedEngineerId: string, revision: number): EventData<'case.opened'> {
    return {
      caseId: randomUUID(),
      workspaceId: customer.workspaceId,
      requestTenantId: customer.tenantId,
      resourceTenantId: customer.tenantId,
      severity: 'A',
      productArea,
      status: 'open',
      assignedEngineerId,
      allowAdvancedDiagnostics: true,
      revision,
      title: 'Forged',
      openedBy: customer.member.id,
      openedAt: new Date().toISOString(),
    };
  }

  it('a forged case.opened with consent gives no grant, whoever publishes it and however it claims its origin', async () => {
    const forgeries = [
      // The administrator, as any AMQP client would: no user_id.
      { bus: admin, event: envelope('case.opened', consentedCase(eve.id, 1), 'case'), options: {} },
      // The administrator stamping its own user_id.
      { bus: admin, event: envelope('case.opened', consentedCase(eve.id, 1), 'case'), options: { userId: 'guest' } },
      // Another service's user, straight into the access service's queue (its user may publish there).
      { bus: asWorkspace, event: envelope('case.consent-changed', { ...consentedCase(eve.id, 2), changedBy: customer.member.id }, 'case'), options: { userId: workspaceUser(), queue: 'access' as const } },
      // The same, claiming to be a retry copy the access service verified.
      { bus: asWorkspace, event: envelope('case.assigned', { ...consentedCase(eve.id, 2), assignedAt: new Date().toISOString() }, 'case'), options: { userId: workspaceUser(), queue: 'access' as const, headers: { 'x-verified-publisher': caseUser() } } },
    ];
    for (const { bus, event, options } of forgeries) await send(bus, event, options);

    const reasons = await deadLetterReasons('access', forgeries.map(({ event }) => event.id));
    expect(reasons).toEqual(forgeries.map(() => 'untrusted-source'));
    expect(await check(eve)).toEqual({ allowed: false });
    expect(expectStatus(await client.as(eve).get('access', `/api/v1/tenants/${customer.tenantId}/diagnostics/sign-ins`), 403).body.code).toBe('ACCESS_NOT_GRANTED');
    expect(await metricSum(system, 'access', 0, 'messaging_dead_lettered_total', { reason: 'untrusted-source' })).toBeGreaterThanOrEqual(forgeries.length);
  });

  it('the broker itself refuses a forged user_id and a routing key the user does not own', async () => {
    // The workspace service's user claiming to be the case service's: the broker closes the channel.
    await expect(send(asWorkspace, envelope('case.opened', consentedCase(eve.id, 1), 'case'), { userId: caseUser() })).rejects.toThrow();
    // Publishing case.* on the exchange as the workspace service: its topic permissions refuse it.
    await expect(send(asWorkspace, envelope('case.opened', consentedCase(eve.id, 1), 'case'), { userId: workspaceUser() })).rejects.toThrow();
    expect(await check(eve)).toEqual({ allowed: false });
  });

  it('a forged invitation.accepted (role admin) makes no one a member', async () => {
    const accepted = (): EventData<'invitation.accepted'> => ({
      invitationId: randomUUID(),
      workspaceId: customer.workspaceId,
      userId: mallory.id,
      email: mallory.email,
      name: mallory.name,
      userTenantId: mallory.tenantId,
      role: 'admin',
      acceptedAt: new Date().toISOString(),
    });
    const fromAdmin = envelope('invitation.accepted', accepted(), 'invitation');
    const fromWorkspace = envelope('invitation.accepted', accepted(), 'invitation');
    await send(admin, fromAdmin);
    // The workspace service's own user cannot vouch for invitation events, not even into its own queue.
    await send(asWorkspace, fromWorkspace, { userId: workspaceUser(), queue: 'workspace' });

    expect(await deadLetterReasons('workspace', [fromAdmin.id, fromWorkspace.id])).toEqual(['untrusted-source', 'untrusted-source']);
    expect((await client.as(mallory).get('workspace', `/api/v1/workspaces/${customer.workspaceId}`)).status).toBe(404);
    const members = expectStatus(await client.as(customer.admin).get('workspace', `/api/v1/workspaces/${customer.workspaceId}/members`), 200).body.items;
    expect(members.map((member: { userId: string }) => member.userId)).not.toContain(mallory.id);
  });

  it('a forged workspace.created with a higher revision does not hand the contract to another CSAM', async () => {
    const hijack = envelope('workspace.created', {
      workspaceId: customer.workspaceId,
      contractId: customer.contractId,
      customerTenantId: customer.tenantId,
      contractType: 'unified',
      name: 'Default',
      isDefault: true,
      services: ['reactive-support'],
      allowPersonalAccounts: true,
      csamId: mallory.id,
      accountCoordinatorId: null,
      initialInvitations: [{ email: mallory.email, role: 'admin' }],
      revision: 1_000_000,
    }, 'workspace');
    await send(admin, hijack);
    expect(await deadLetterReasons('case', [hijack.id])).toEqual(['untrusted-source']);
    expect(await deadLetterReasons('invitation', [hijack.id])).toEqual(['untrusted-source']);
    expect((await client.as(mallory).get('case', `/api/v1/workspaces/${customer.workspaceId}/cases`)).status).toBe(404);
    expect((await client.as(customer.csam).get('case', `/api/v1/workspaces/${customer.workspaceId}/cases`)).status).toBe(200);
  });

  it('a forged huge revision cannot freeze a case: the real case.closed still revokes', async () => {
    const opened = expectStatus(await client.as(customer.member).post('case', `/api/v1/workspaces/${customer.workspaceId}/cases`, {
      title: 'Sign-ins fail', description: 'Since Monday', severity: 'B', productArea, allowAdvancedDiagnostics: true,
    }), 201).body;
    await eventually(async () => (await check(engineer)).allowed === true, { what: 'the consent grant' });

    const frozen = envelope('case.reopened', {
      ...consentedCase(eve.id, Number.MAX_SAFE_INTEGER),
      caseId: opened.id,
      reopenedBy: customer.member.id,
      reopenedAt: new Date().toISOString(),
    }, 'case');
    await send(admin, frozen);
    expect(await deadLetterReasons('access', [frozen.id])).toEqual(['untrusted-source']);

    expectStatus(await client.as(engineer).post('case', `/api/v1/cases/${opened.id}/close`), 200);
    await eventually(async () => (await check(engineer)).allowed === false, { what: 'the real case.closed to revoke the grant' });
    expect(await check(eve)).toEqual({ allowed: false });
  });
});
