// Revocation under the bus's real behaviour: `case.closed` delivered twice, before the approval,
// before the access service ever heard of the case, or while the access service was down.
import { randomUUID } from 'node:crypto';
import type { EventData } from '@support-hub/contracts';
import { eventually } from '@support-hub/testing';
import { EventTap } from './support/event-tap';
import { person, SupportHarness, SUPPORT_ADMIN_ROLE, TENANT_A, VENDOR_TENANT, type TestUser } from './support/support-hub.harness';

describe('Revocation when the case closes, whatever the bus does', () => {
  let hub: SupportHarness;
  let tap: EventTap;
  const manager = person('Mia Manager', { roles: ['support-manager'], tenantId: VENDOR_TENANT });
  const admin = person('Ada Admin', { tenantId: TENANT_A, roles: [SUPPORT_ADMIN_ROLE] });
  const member = person('Bob Member', { tenantId: TENANT_A });
  let workspaceId: string;

  beforeAll(async () => {
    hub = await SupportHarness.start();
    tap = await EventTap.open(hub.env.amqpUrl, hub.env.exchange, ['case.closed', 'access.revoked', 'access.request-ended']);
    workspaceId = await hub.workspace({ admins: [admin], members: [member] });
  });

  afterAll(async () => {
    await tap?.close();
    await hub?.stop();
  });

  /** An engineer of their own product area, so each test's grants are its own. */
  async function engineerFor(name: string): Promise<{ engineer: TestUser; productArea: string }> {
    const engineer = person(name, { roles: ['support-engineer'], tenantId: VENDOR_TENANT });
    const productArea = `area-${engineer.id}`;
    await hub.registerEngineer(manager, engineer, [productArea]);
    return { engineer, productArea };
  }

  const check = async (user: TestUser) =>
    (await hub.access().get(`/api/v1/access-grants/check?tenantId=${TENANT_A}`).set('authorization', hub.bearer(user)).expect(200)).body;
  const auditOf = async (grantId: string) =>
    (await hub.access().get(`/api/v1/audit?tenantId=${TENANT_A}&limit=100`).set('authorization', hub.bearer(admin)).expect(200)).body.items.filter(
      (record: { grantId: string }) => record.grantId === grantId,
    );

  it('case.closed delivered twice revokes once', async () => {
    const { engineer, productArea } = await engineerFor('Dup Engineer');
    const opened = await hub.openCase(member, workspaceId, { productArea });
    const filed = await hub.fileRequest(engineer, { caseId: opened.id, resourceTenantId: TENANT_A });
    const grantId = (await hub.access().post(`/api/v1/access-requests/${filed.id}/approve`).set('authorization', hub.bearer(admin)).expect(200)).body.grantId;
    expect((await check(engineer)).allowed).toBe(true);

    await hub.case().post(`/api/v1/cases/${opened.id}/close`).set('authorization', hub.bearer(engineer)).expect(200);
    const closed = await eventually(() => tap.of('case.closed', (event) => event.data.caseId === opened.id)[0], { what: 'case.closed on the bus' });
    await eventually(async () => (await check(engineer)).allowed === false, { what: 'revocation' });
    // Reads are refused as soon as case.closed arrives; access.revoked follows the commit.
    await eventually(() => tap.of('access.revoked', (event) => event.data.grantId === grantId)[0], { what: 'access.revoked' });

    // The same message again (a redelivery), and the same change under a new event id.
    await hub.publish('case.closed', closed.data, { id: closed.id, workspaceId });
    await hub.publish('case.closed', closed.data, { workspaceId });
    await hub.accessDrained();
    expect(tap.of('access.revoked', (event) => event.data.grantId === grantId)).toHaveLength(1);
    expect((await auditOf(grantId)).filter((record: { action: string }) => record.action === 'grant.completed')).toHaveLength(1);
    expect((await check(engineer)).allowed).toBe(false);
  });

  it('case.closed before the approval: the pending request is cancelled and a late approval refused', async () => {
    const { engineer, productArea } = await engineerFor('Early Engineer');
    const opened = await hub.openCase(member, workspaceId, { productArea });
    const filed = await hub.fileRequest(engineer, { caseId: opened.id, resourceTenantId: TENANT_A });
    await hub.case().post(`/api/v1/cases/${opened.id}/close`).set('authorization', hub.bearer(admin)).expect(200);
    await eventually(
      async () => (await hub.access().get(`/api/v1/access-requests/${filed.id}`).set('authorization', hub.bearer(admin))).body.status === 'cancelled',
      { what: 'the pending request to be cancelled' },
    );
    const late = await hub.access().post(`/api/v1/access-requests/${filed.id}/approve`).set('authorization', hub.bearer(admin)).expect(409);
    expect(late.body.code).toBe('CASE_CLOSED');
    expect((await check(engineer)).allowed).toBe(false);
    const ended = await eventually(() => tap.of('access.request-ended', (event) => event.data.requestId === filed.id)[0], { what: 'access.request-ended' });
    expect(ended.data).toMatchObject({ outcome: 'cancelled', workspaceId, severity: 'B' });
    const request = await hub.access().get(`/api/v1/access-requests/${filed.id}`).set('authorization', hub.bearer(admin)).expect(200);
    expect(request.body).toMatchObject({ status: 'cancelled', endReason: 'case-closed', grantId: null });
  });

  it('case.closed before the access service heard of the case: a tombstone that stale events cannot reopen', async () => {
    const engineer = person('Ghost Engineer', { roles: ['support-engineer'], tenantId: VENDOR_TENANT });
    const caseId = randomUUID();
    const snapshot = {
      caseId,
      workspaceId,
      requestTenantId: TENANT_A,
      resourceTenantId: TENANT_A,
      severity: 'A' as const,
      productArea: 'identity',
      assignedEngineerId: engineer.id,
      allowAdvancedDiagnostics: true,
    };
    const at = new Date().toISOString();
    const closed: EventData<'case.closed'> = { ...snapshot, status: 'closed', revision: 3, closedBy: engineer.id, closedAt: at };
    await hub.publish('case.closed', closed, { workspaceId });
    await hub.accessDrained();
    await hub.publish('case.opened', { ...snapshot, status: 'open', revision: 1, assignedEngineerId: null, title: 'late', openedBy: member.id, openedAt: at }, { workspaceId });
    await hub.publish('case.assigned', { ...snapshot, status: 'open', revision: 2, assignedAt: at }, { workspaceId });
    await hub.accessDrained();

    expect(await check(engineer)).toEqual({ allowed: false });
    const filing = await hub.access().post('/api/v1/access-requests').set('authorization', hub.bearer(engineer)).send({ caseId, resourceTenantId: TENANT_A, justification: 'x' });
    expect(filing.status).toBe(409);
    expect(filing.body.code).toBe('CASE_CLOSED');
  });

  it('cases closed while the access service is down are all revoked once it is back', async () => {
    const { engineer, productArea } = await engineerFor('Downtime Engineer');
    const cases: { id: string }[] = [];
    for (let index = 0; index < 3; index++) cases.push(await hub.openCase(member, workspaceId, { productArea, allowAdvancedDiagnostics: true }));
    const ownActive = async () =>
      (await hub.access().get('/api/v1/access-grants?status=active').set('authorization', hub.bearer(engineer)).expect(200)).body.items.length;
    await eventually(async () => (await ownActive()) === 3, { what: 'three consent grants' });

    await hub.stopAccess();
    for (const opened of cases) await hub.case().post(`/api/v1/cases/${opened.id}/close`).set('authorization', hub.bearer(engineer)).expect(200);
    await eventually(() => cases.every((opened) => tap.of('case.closed', (event) => event.data.caseId === opened.id).length === 1), {
      what: 'the case service to publish the closes',
    });
    await hub.startAccess();

    await eventually(async () => (await ownActive()) === 0, { what: 'every grant to be revoked after the restart' });
    expect(await check(engineer)).toEqual({ allowed: false });
    expect((await hub.diagnostics(engineer, TENANT_A)).status).toBe(403);
    await eventually(() => cases.every((opened) => tap.of('access.revoked', (event) => event.data.caseId === opened.id).length === 1), {
      what: 'one access.revoked per case',
    });
  });
});
