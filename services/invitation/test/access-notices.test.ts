// The emails about support access requests, from access.* events on the real bus to the
// mailbox: the approvers of each tenant involved are asked; the engineer hears the outcome; the
// request tenant's people never hear of a removal.
import { randomUUID } from 'node:crypto';
import type { EventData } from '@support-hub/contracts';
import supertest from 'supertest';
import { eventually, publishEvent } from '@support-hub/testing';
import { CUSTOMER_TENANT, HubHarness, person, VENDOR_TENANT, type ReceivedMail } from '../../workspace/test/support/hub.harness';
import { AccessNoticeMailSender } from '../src/access-notices/access-notice-mail.sender';

const RESOURCE_TENANT = 'b0b0b0b0-2222-4c3e-8f9a-0b1c2d3e4f51';

describe('Access request emails', () => {
  let hub: HubHarness;
  const csam = person('Carla CSAM', { roles: ['csam'], tenantId: VENDOR_TENANT });
  const engineer = person('Erin Engineer', { roles: ['support-engineer'], tenantId: VENDOR_TENANT });
  const ada = person('Ada Admin'); // admin, customer (request) tenant
  const bob = person('Bob Member'); // member, customer tenant
  const otto = person('Otto Owner', { tenantId: RESOURCE_TENANT }); // admin, resource tenant
  let workspaceId: string;

  beforeAll(async () => {
    hub = await HubHarness.start({ invitation: { CONSOLE_URL: 'https://console.example' } });
    ({ workspaceId } = await hub.activeContract(csam, ada, [bob]));
    await hub.awaitInvitationRights(ada, workspaceId);
    await hub.invitation().post(`/api/v1/workspaces/${workspaceId}/invitations`).set('authorization', hub.bearer(ada)).send({ email: otto.email, role: 'admin' }).expect(201);
    await hub.acceptNextInvitation(otto, workspaceId);
    await hub.awaitInvitationRights(otto, workspaceId);
  });

  afterAll(async () => {
    await hub?.stop();
  });

  function requested(overrides: Partial<EventData<'access.requested'>> = {}): EventData<'access.requested'> {
    return {
      requestId: randomUUID(),
      caseId: randomUUID(),
      workspaceId,
      severity: 'A',
      requestTenantId: CUSTOMER_TENANT,
      resourceTenantId: RESOURCE_TENANT,
      engineerId: engineer.id,
      expiresAt: new Date(Date.now() + 96 * 3600_000).toISOString(),
      justification: 'Sign-ins fail since Monday',
      durationHours: 8,
      engineerEmail: engineer.email,
      engineerName: engineer.name,
      ...overrides,
    };
  }

  const context = (request: EventData<'access.requested'>) => ({ requestId: request.requestId, caseId: request.caseId, workspaceId, severity: 'A' as const, requestTenantId: CUSTOMER_TENANT });

  /** Waits for every email about this event to be sent: the mail to `first`, then the sender's pass. */
  async function settle(first: string): Promise<ReceivedMail> {
    const mail = await hub.nextMailTo(first);
    await hub.invitationApp.get(AccessNoticeMailSender).idle();
    return mail;
  }

  async function untrustedDeadLetters(): Promise<number> {
    const metrics = await supertest(hub.invitationApp.getHttpServer()).get('/metrics').expect(200);
    const line = metrics.text.split('\n').find((text) => text.startsWith('messaging_dead_lettered_total{') && text.includes('type="access.requested"') && text.includes('reason="untrusted-source"'));
    return line ? Number(line.split(' ').pop()) : 0;
  }

  const unreadTo = async (email: string) => (await hub.mailbox()).filter((mail) => mail.to === email.toLowerCase() && !mail.raw.includes('Invitation to'));

  it('asks the workspace admins of both tenants, with case, engineer, justification, duration and a link; not members', async () => {
    await hub.readAllMail();
    const request = requested();
    await hub.publish('access.requested', request, { workspaceId });
    const toAda = await settle(ada.email);
    const toOtto = await hub.nextMailTo(otto.email);
    for (const mail of [toAda, toOtto]) {
      expect(mail.subject).toContain('awaits your approval');
      for (const text of [`Case: ${request.caseId} (severity A)`, `Engineer: ${engineer.name} <${engineer.email}>`, 'Justification: Sign-ins fail since Monday', 'Duration: 8 hours', 'Workspace: Default']) {
        expect(mail.raw).toContain(text);
      }
      expect(mail.raw).toContain(`https://console.example/admin?requestId=${request.requestId}`);
    }
    expect(toAda.raw).toContain(`Your tenant: ${CUSTOMER_TENANT}`);
    expect(toOtto.raw).toContain(`Your tenant: ${RESOURCE_TENANT}`);
    expect((await hub.mailbox()).filter((mail) => mail.raw.includes(request.requestId) && ![ada.email, otto.email].includes(mail.to))).toEqual([]);
  });

  it('a same-tenant request asks only that tenant’s admins', async () => {
    await hub.readAllMail();
    const request = requested({ resourceTenantId: CUSTOMER_TENANT });
    await hub.publish('access.requested', request, { workspaceId });
    await settle(ada.email);
    expect((await hub.mailbox()).filter((mail) => mail.raw.includes(request.requestId)).map((mail) => mail.to)).toEqual([ada.email]);
  });

  it('an event delivered twice mails nobody twice', async () => {
    await hub.readAllMail();
    const request = requested({ resourceTenantId: CUSTOMER_TENANT });
    const handled = await hub.handledCount('invitation', 'access.requested');
    const first = await hub.publish('access.requested', request, { workspaceId });
    await hub.publish('access.requested', request, { workspaceId, id: first.id });
    await eventually(async () => (await hub.handledCount('invitation', 'access.requested')) === handled + 2, { what: 'both deliveries handled' });
    await settle(ada.email);
    expect((await hub.mailbox()).filter((mail) => mail.raw.includes(request.requestId))).toHaveLength(1);
  });

  it('tells the engineer of the approval and of a removal; the request tenant’s admin hears nothing of the removal', async () => {
    const request = requested();
    await hub.publish('access.requested', request, { workspaceId });
    await settle(ada.email);
    await hub.readAllMail();
    await hub.publish('access.approved', { ...context(request), approvingTenantId: RESOURCE_TENANT, approvedBy: otto.id, fullyApproved: true, durationHours: 4 }, { workspaceId });
    const approved = await settle(engineer.email);
    expect(approved.subject).toContain('was approved');
    expect(approved.raw).toContain('Approved for: 4 hours');
    expect(approved.raw).toContain(`https://console.example/engineer?requestId=${request.requestId}`);

    const adaBefore = (await unreadTo(ada.email)).length;
    const grant = { ...context(request), grantId: randomUUID(), engineerId: engineer.id, tenantId: RESOURCE_TENANT, revokedAt: new Date().toISOString() };
    await hub.publish('access.revoked', { ...grant, reason: 'removed' }, { workspaceId });
    const removed = await settle(engineer.email);
    expect(removed.subject).toContain('access was removed');
    expect((await unreadTo(ada.email)).length).toBe(adaBefore);
    expect((await hub.mailbox()).filter((mail) => mail.raw.includes('removed') && mail.to !== engineer.email.toLowerCase())).toEqual([]);
  });

  it('tells the engineer of a rejection (with its reason) and of expiries', async () => {
    const rejectedRequest = requested();
    await hub.publish('access.requested', rejectedRequest, { workspaceId });
    await settle(ada.email);
    await hub.publish('access.rejected', { ...context(rejectedRequest), rejectingTenantId: CUSTOMER_TENANT, rejectedBy: ada.id, reason: 'Not during the audit' }, { workspaceId });
    const rejected = await settle(engineer.email);
    expect(rejected.subject).toContain('was rejected');
    expect(rejected.raw).toContain('Reason: Not during the audit');

    const unanswered = requested();
    await hub.publish('access.requested', unanswered, { workspaceId });
    await settle(ada.email);
    await hub.publish('access.request-ended', { ...context(unanswered), outcome: 'expired', endedAt: new Date().toISOString() }, { workspaceId });
    expect((await settle(engineer.email)).subject).toContain('expired unanswered');

    const lapsed = { ...context(unanswered), grantId: randomUUID(), engineerId: engineer.id, tenantId: RESOURCE_TENANT, reason: 'expired' as const, revokedAt: new Date().toISOString() };
    await hub.publish('access.revoked', lapsed, { workspaceId });
    expect((await settle(engineer.email)).subject).toContain('access expired');
  });

  it('a request in a workspace this service does not know, or for tenants none of its admins joined from, mails no one', async () => {
    await hub.readAllMail();
    const elsewhere = requested({ workspaceId: randomUUID() });
    const strangers = requested({ requestTenantId: 'c0c0c0c0-3333-4c3e-8f9a-0b1c2d3e4f52', resourceTenantId: 'c0c0c0c0-3333-4c3e-8f9a-0b1c2d3e4f52' });
    const handled = await hub.handledCount('invitation', 'access.requested');
    await hub.publish('access.requested', elsewhere, { workspaceId: elsewhere.workspaceId });
    await hub.publish('access.requested', strangers, { workspaceId });
    await eventually(async () => (await hub.handledCount('invitation', 'access.requested')) === handled + 2, { what: 'both requests handled' });
    await hub.invitationApp.get(AccessNoticeMailSender).idle();
    expect((await hub.mailbox()).filter((mail) => mail.raw.includes(elsewhere.requestId) || mail.raw.includes(strangers.requestId))).toEqual([]);
  });

  it('an access.requested not published by the access service (the broker administrator here) is dead-lettered and mails no one', async () => {
    await hub.readAllMail();
    const forged = requested({ resourceTenantId: CUSTOMER_TENANT });
    await publishEvent(hub.env.amqpUrl, hub.env.exchange, 'access.requested', forged, { workspaceId });
    await eventually(async () => (await untrustedDeadLetters()) > 0, { what: 'the forged event to be dead-lettered' });
    await hub.invitationApp.get(AccessNoticeMailSender).idle();
    expect((await hub.mailbox()).filter((mail) => mail.raw.includes(forged.requestId))).toEqual([]);
  });

  it('an outcome that overtakes its request is retried until the request is known', async () => {
    const request = requested();
    await hub.publish('access.rejected', { ...context(request), rejectingTenantId: CUSTOMER_TENANT, rejectedBy: ada.id, reason: null }, { workspaceId });
    await hub.publish('access.requested', request, { workspaceId });
    const rejected = await hub.nextMailTo(engineer.email);
    expect(rejected.raw).toContain(request.caseId);
  });
});
