// People changes end access like a close does: a case reassigned to another engineer ends the
// former engineer's access to it at once (`reassigned`), and a deactivated engineer keeps no
// access at all (`engineer-deactivated`) — once, even for duplicate events and across a restart.
import { randomUUID } from 'node:crypto';
import type { EventData } from '@support-hub/contracts';
import { eventually } from '@support-hub/testing';
import { caseAssigned, type CaseView } from './support/case-events';
import { EventTap } from './support/event-tap';
import { person, SupportHarness, SUPPORT_ADMIN_ROLE, TENANT_A, TENANT_B, VENDOR_TENANT, type TestUser } from './support/support-hub.harness';

describe('Reassignment and deactivation end an engineer’s access', () => {
  let hub: SupportHarness;
  let tap: EventTap;
  const manager = person('Mia Manager', { roles: ['support-manager'], tenantId: VENDOR_TENANT });
  const adminA = person('Ada Admin A', { tenantId: TENANT_A, roles: [SUPPORT_ADMIN_ROLE] });
  const adminB = person('Ben Admin B', { tenantId: TENANT_B, roles: ['Global Administrator'] });
  const member = person('Bob Member', { tenantId: TENANT_A });
  let workspaceId: string;

  beforeAll(async () => {
    hub = await SupportHarness.start();
    tap = await EventTap.open(hub.env.amqpUrl, hub.env.exchange, ['access.granted', 'access.revoked', 'access.request-ended', 'engineer.deactivated']);
    workspaceId = await hub.workspace({ admins: [adminA], members: [member] });
  });

  afterAll(async () => {
    await tap?.close();
    await hub?.stop();
  });

  const as = (user: TestUser) => ({
    get: (path: string) => hub.access().get(path).set('authorization', hub.bearer(user)),
    post: (path: string, body: object = {}) => hub.access().post(path).set('authorization', hub.bearer(user)).send(body),
  });
  const check = async (user: TestUser, tenantId: string) => (await as(user).get(`/api/v1/access-grants/check?tenantId=${tenantId}`).expect(200)).body;
  const consentGrant = (engineer: TestUser, tenantId = TENANT_A) =>
    eventually(async () => {
      const answer = await check(engineer, tenantId);
      return answer.allowed && answer.basis === 'consent' ? answer : undefined;
    }, { what: `consent access of ${engineer.name}` });
  const revocationsOf = (grantId: string) => tap.of('access.revoked', (event) => event.data.grantId === grantId);
  /** Audit lines are written with the change, so after a drain they count what happened, duplicates included. */
  const auditedEnds = async (tenantId: string, admin: TestUser, grantId: string) =>
    (await as(admin).get(`/api/v1/audit?tenantId=${tenantId}&limit=100`).expect(200)).body.items.filter(
      (line: { grantId: string | null; action: string }) => line.grantId === grantId && line.action === 'grant.revoked',
    );

  /** An engineer of their own product area, so nothing of another test lands on them. */
  async function engineerWithArea(name: string): Promise<{ engineer: TestUser; productArea: string }> {
    const engineer = person(name, { roles: ['support-engineer'], tenantId: VENDOR_TENANT });
    const productArea = `area-${randomUUID().slice(0, 8)}`;
    await hub.registerEngineer(manager, engineer, [productArea]);
    return { engineer, productArea };
  }

  async function caseView(caseId: string): Promise<CaseView> {
    return (await hub.case().get(`/api/v1/cases/${caseId}`).set('authorization', hub.bearer(member)).expect(200)).body;
  }

  /** An approved request of `engineer` on a new cross-tenant case (A about B): a `request` grant on TENANT_B. */
  async function approvedCrossTenantGrant(engineer: TestUser, productArea: string): Promise<{ caseId: string; grantId: string }> {
    const opened = await hub.openCase(member, workspaceId, { productArea, resourceTenantId: TENANT_B });
    const filed = await hub.fileRequest(engineer, { caseId: opened.id, resourceTenantId: TENANT_B });
    await as(adminA).post(`/api/v1/access-requests/${filed.id}/approve`).expect(200);
    const approved = await as(adminB).post(`/api/v1/access-requests/${filed.id}/approve`).expect(200);
    return { caseId: opened.id, grantId: approved.body.grantId };
  }

  /** The case service's `case.assigned` naming another engineer, as it publishes it (e.g. after a deactivation). */
  async function publishReassignment(current: CaseView, engineerId: string | null): Promise<void> {
    await hub.publish('case.assigned', caseAssigned(current, { engineerId }), { workspaceId: current.workspaceId });
  }

  it('reassignment ends the former engineer’s access to the case at once, whatever its basis; the new one gets consent only where it stands', async () => {
    const { engineer: former, productArea } = await engineerWithArea('Fred Former');
    const successor = person('Sue Successor', { roles: ['support-engineer'], tenantId: VENDOR_TENANT });
    const consented = await hub.openCase(member, workspaceId, { productArea, allowAdvancedDiagnostics: true });
    const consentGrantId: string = (await consentGrant(former)).grantId;
    const pending = await hub.fileRequest(former, { caseId: consented.id, resourceTenantId: TENANT_A });
    const crossTenant = await approvedCrossTenantGrant(former, productArea);
    expect(await check(former, TENANT_B)).toMatchObject({ allowed: true, basis: 'request' });

    await publishReassignment(await caseView(consented.id), successor.id);
    await publishReassignment(await caseView(crossTenant.caseId), successor.id);

    await eventually(async () => !(await check(former, TENANT_A)).allowed && !(await check(former, TENANT_B)).allowed, { what: 'the former engineer to lose access' });
    expect((await hub.diagnostics(former, TENANT_A)).body).toMatchObject({ code: 'ACCESS_NOT_GRANTED' });
    // Consent stands on the first case: it follows the case to the successor. Not on the second.
    expect(await consentGrant(successor)).toMatchObject({ allowed: true, basis: 'consent' });
    await hub.accessDrained();
    expect(await check(successor, TENANT_B)).toEqual({ allowed: false });

    for (const grantId of [consentGrantId, crossTenant.grantId]) {
      await eventually(() => revocationsOf(grantId).length === 1, { what: `access.revoked of ${grantId}` });
      expect(revocationsOf(grantId)[0].data).toMatchObject({ reason: 'reassigned', engineerId: former.id });
    }
    const ended = await eventually(() => tap.of('access.request-ended', (event) => event.data.requestId === pending.id)[0], { what: 'the pending request to end' });
    expect(ended.data.outcome).toBe('cancelled');
    expect((await as(former).get(`/api/v1/access-requests/${pending.id}`).expect(200)).body).toMatchObject({ status: 'cancelled', endReason: 'reassigned' });
  });

  it('engineer.deactivated ends every grant and pending request of the engineer, exactly once despite duplicates', async () => {
    const { engineer: leaving, productArea } = await engineerWithArea('Lee Leaving');
    const bystander = await engineerWithArea('Bea Bystander');
    await hub.openCase(member, workspaceId, { productArea, allowAdvancedDiagnostics: true });
    await hub.openCase(member, workspaceId, { productArea: bystander.productArea, allowAdvancedDiagnostics: true });
    const consentGrantId: string = (await consentGrant(leaving)).grantId;
    await consentGrant(bystander.engineer);
    const crossTenant = await approvedCrossTenantGrant(leaving, productArea);
    const withoutConsent = await hub.openCase(member, workspaceId, { productArea });
    const pending = await hub.fileRequest(leaving, { caseId: withoutConsent.id, resourceTenantId: TENANT_A });

    const data: EventData<'engineer.deactivated'> = { engineerId: leaving.id, deactivatedBy: manager.id, deactivatedAt: new Date().toISOString() };
    const event = await hub.publish('engineer.deactivated', data, { id: randomUUID() });
    await hub.publish('engineer.deactivated', data, { id: event.id }); // redelivered
    await hub.publish('engineer.deactivated', data); // published twice

    await eventually(async () => !(await check(leaving, TENANT_A)).allowed && !(await check(leaving, TENANT_B)).allowed, { what: 'the deactivated engineer to lose access' });
    expect((await hub.diagnostics(leaving, TENANT_B)).body).toMatchObject({ code: 'ACCESS_NOT_GRANTED' });
    await hub.accessDrained();
    expect(await check(bystander.engineer, TENANT_A)).toMatchObject({ allowed: true, basis: 'consent' });

    expect(await auditedEnds(TENANT_A, adminA, consentGrantId)).toHaveLength(1);
    expect(await auditedEnds(TENANT_B, adminB, crossTenant.grantId)).toHaveLength(1);
    for (const grantId of [consentGrantId, crossTenant.grantId]) {
      await eventually(() => revocationsOf(grantId).length === 1, { what: `access.revoked of ${grantId}` });
      expect(revocationsOf(grantId)[0].data).toMatchObject({ reason: 'engineer-deactivated', engineerId: leaving.id });
    }
    const grants = (await as(adminA).get(`/api/v1/access-grants?tenantId=${TENANT_A}&limit=100`).expect(200)).body.items;
    expect(grants.find((grant: { id: string }) => grant.id === consentGrantId)).toMatchObject({ status: 'revoked', endReason: 'engineer-deactivated', endedBy: manager.id });
    expect((await as(leaving).get(`/api/v1/access-requests/${pending.id}`).expect(200)).body).toMatchObject({ status: 'cancelled', endReason: 'engineer-deactivated' });
    expect(tap.of('access.request-ended', (candidate) => candidate.data.requestId === pending.id)).toHaveLength(1);
  });

  it('deactivating through the case service, while the access service is down: access ends when it is back; the case and its consent go to a colleague', async () => {
    const { engineer: leaving, productArea } = await engineerWithArea('Lou Leaving');
    const consented = await hub.openCase(member, workspaceId, { productArea, allowAdvancedDiagnostics: true });
    const grantId: string = (await consentGrant(leaving)).grantId;
    const colleague = person('Cole Colleague', { roles: ['support-engineer'], tenantId: VENDOR_TENANT });
    await hub.registerEngineer(manager, colleague, [productArea]);

    await hub.stopAccess();
    await hub.case().patch(`/api/v1/engineers/${leaving.id}`).set('authorization', hub.bearer(manager)).send({ active: false }).expect(200);
    expect(await caseView(consented.id)).toMatchObject({ assignedEngineerId: colleague.id });
    await eventually(() => tap.of('engineer.deactivated', (event) => event.data.engineerId === leaving.id)[0], { what: 'engineer.deactivated' });
    await hub.startAccess();

    await eventually(async () => !(await check(leaving, TENANT_A)).allowed, { what: 'the deactivated engineer to lose access' });
    expect(await consentGrant(colleague)).toMatchObject({ allowed: true, basis: 'consent' });
    await eventually(() => revocationsOf(grantId).length === 1, { what: 'access.revoked' });
    // Which of the two events ends it depends on arrival order; either way it ends once.
    expect(['engineer-deactivated', 'reassigned']).toContain(revocationsOf(grantId)[0].data.reason);
    await hub.accessDrained();
    expect(await auditedEnds(TENANT_A, adminA, grantId)).toHaveLength(1);
  });
});
