// A deactivated engineer gets no new access, even from events that arrive after the deactivation:
// a case booking that saw them active may commit after it, so a `case.assigned` naming them with
// consent can follow `engineer.deactivated` on the bus. The access service keeps a copy of each
// engineer's standing (engineer.registered|updated|deactivated, published here with the case
// service's broker user) and refuses consent grants, new requests and approvals for an engineer
// it knows to be inactive, until a newer reactivation.
import supertest from 'supertest';
import type { EventData } from '@support-hub/contracts';
import { eventually, publishEvent } from '@support-hub/testing';
import { caseAssigned, type CaseView } from './support/case-events';
import { EventTap } from './support/event-tap';
import { person, SupportHarness, SUPPORT_ADMIN_ROLE, TENANT_A, VENDOR_TENANT, type TestUser } from './support/support-hub.harness';

const MINUTE = 60_000;

describe('No new access for a deactivated engineer', () => {
  let hub: SupportHarness;
  let tap: EventTap;
  const manager = person('Mia Manager', { roles: ['support-manager'], tenantId: VENDOR_TENANT });
  const adminA = person('Ada Admin A', { tenantId: TENANT_A, roles: [SUPPORT_ADMIN_ROLE] });
  const member = person('Bob Member', { tenantId: TENANT_A });
  let workspaceId: string;

  beforeAll(async () => {
    hub = await SupportHarness.start();
    tap = await EventTap.open(hub.env.amqpUrl, hub.env.exchange, ['access.granted']);
    workspaceId = await hub.workspace({ admins: [adminA], members: [member] });
  });

  afterAll(async () => {
    await tap?.close();
    await hub?.stop();
  });

  const as = (user: TestUser) => hub.as(user);
  const check = (user: TestUser) => hub.check(user, TENANT_A);
  const consentGrant = (engineer: TestUser) => hub.consentGrant(engineer, TENANT_A);
  const grantsTo = (engineer: TestUser) => tap.of('access.granted', (event) => event.data.engineerId === engineer.id);

  /** The directory's state of `engineer` as the case service announces a change of it. */
  function updated(engineer: TestUser, productArea: string, revision: number, active: boolean, updatedAt: Date): EventData<'engineer.updated'> {
    return { engineerId: engineer.id, name: engineer.name, email: engineer.email, expertise: [productArea], active, revision, changed: ['active'], updatedBy: manager.id, updatedAt: updatedAt.toISOString() };
  }

  const deactivate = (engineer: TestUser, at: Date) => hub.publish('engineer.deactivated', { engineerId: engineer.id, deactivatedBy: manager.id, deactivatedAt: at.toISOString() });

  /** A `case.assigned` naming `engineerId` with consent standing, as a late booking publishes it. */
  async function publishAssignment(caseId: string, engineerId: string, revision: number): Promise<void> {
    const current: CaseView = (await hub.case().get(`/api/v1/cases/${caseId}`).set('authorization', hub.bearer(member)).expect(200)).body;
    await hub.publish('case.assigned', caseAssigned(current, { engineerId, revision, allowAdvancedDiagnostics: true }), { workspaceId: current.workspaceId });
  }

  it('a case.assigned with consent arriving after engineer.deactivated grants nothing; an older update after it changes nothing; a newer reactivation does', async () => {
    const { engineer, productArea } = await hub.engineerWithArea(manager, 'Lea Late');
    const consented = await hub.openCase(member, workspaceId, { productArea, allowAdvancedDiagnostics: true });
    await consentGrant(engineer);
    await eventually(() => grantsTo(engineer).length === 1, { what: 'access.granted of the first consent' });
    const deactivatedAt = new Date();
    await deactivate(engineer, deactivatedAt);
    await eventually(async () => !(await check(engineer)).allowed, { what: 'the deactivated engineer to lose access' });

    // The booking that saw the engineer active, announced after the deactivation; and a new case the case service still books for them.
    await publishAssignment(consented.id, engineer.id, consented.revision + 1);
    await hub.openCase(member, workspaceId, { productArea, allowAdvancedDiagnostics: true });
    // An update the directory made before the deactivation, delivered after it.
    await hub.publish('engineer.updated', updated(engineer, productArea, 2, true, new Date(deactivatedAt.getTime() - MINUTE)));
    await publishAssignment(consented.id, engineer.id, consented.revision + 2);
    await hub.accessDrained();
    expect(await check(engineer)).toEqual({ allowed: false });
    expect((await hub.diagnostics(engineer, TENANT_A)).body).toMatchObject({ code: 'ACCESS_NOT_GRANTED' });
    expect(grantsTo(engineer)).toHaveLength(1);

    // Reactivated by the directory after the deactivation (a newer revision): consent access again.
    await hub.publish('engineer.updated', updated(engineer, productArea, 3, true, new Date(deactivatedAt.getTime() + MINUTE)));
    await publishAssignment(consented.id, engineer.id, consented.revision + 3);
    expect(await consentGrant(engineer)).toMatchObject({ allowed: true, basis: 'consent' });
    expect((await hub.diagnostics(engineer, TENANT_A)).status).toBe(200);
  });

  it('once the directory says inactive, an approval is refused (409 ENGINEER_DEACTIVATED) and nothing new can be filed; engineer.deactivated then ends the request', async () => {
    const { engineer, productArea } = await hub.engineerWithArea(manager, 'Ned Next');
    const opened = await hub.openCase(member, workspaceId, { productArea });
    const pending = await hub.fileRequest(engineer, { caseId: opened.id, resourceTenantId: TENANT_A });
    const deactivatedAt = new Date();
    // The deactivating update comes first in the case service's outbox; engineer.deactivated follows.
    await hub.publish('engineer.updated', updated(engineer, productArea, 2, false, deactivatedAt));
    await hub.accessDrained();

    expect((await as(adminA).post(`/api/v1/access-requests/${pending.id}/approve`).expect(409)).body).toMatchObject({ code: 'ENGINEER_DEACTIVATED' });
    const refiled = await as(engineer).post('/api/v1/access-requests', { caseId: opened.id, resourceTenantId: TENANT_A, justification: 'Still need the logs' }).expect(409);
    expect(refiled.body).toMatchObject({ code: 'ENGINEER_DEACTIVATED' });
    expect(await check(engineer)).toEqual({ allowed: false });
    expect(grantsTo(engineer)).toEqual([]);

    await deactivate(engineer, deactivatedAt);
    await eventually(async () => (await as(engineer).get(`/api/v1/access-requests/${pending.id}`).expect(200)).body.status === 'cancelled', { what: 'the pending request to end' });
    expect((await as(engineer).get(`/api/v1/access-requests/${pending.id}`).expect(200)).body).toMatchObject({ endReason: 'engineer-deactivated' });
  });

  it('an engineer.updated not published by the case service (the broker administrator here) is dead-lettered', async () => {
    const { engineer, productArea } = await hub.engineerWithArea(manager, 'Rex Revived');
    await publishEvent(hub.env.amqpUrl, hub.env.exchange, 'engineer.updated', updated(engineer, productArea, 99, true, new Date(Date.now() + MINUTE)));
    await eventually(
      async () => {
        const metrics = await supertest(hub.accessApp!.getHttpServer()).get('/metrics').expect(200);
        return metrics.text
          .split('\n')
          .some((line) => line.startsWith('messaging_dead_lettered_total{') && line.includes('service="access"') && line.includes('type="engineer.updated"') && line.includes('reason="untrusted-source"'));
      },
      { what: 'the forged engineer.updated to be dead-lettered' },
    );
  });
});
