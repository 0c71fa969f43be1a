// The signature flow over HTTP and the real bus: an engineer's diagnostic access — by consent or
// by an approved request — ends when the case closes, through `case.closed`, and never comes back.
import { eventually } from '@support-hub/testing';
import { EventTap } from './support/event-tap';
import { person, SupportHarness, SUPPORT_ADMIN_ROLE, TENANT_A, TENANT_B, VENDOR_TENANT, type TestUser } from './support/support-hub.harness';

describe('Support access: closing a case revokes access', () => {
  let hub: SupportHarness;
  let tap: EventTap;
  const manager = person('Mia Manager', { roles: ['support-manager'], tenantId: VENDOR_TENANT });
  const engineer = person('Eli Engineer', { roles: ['support-engineer'], tenantId: VENDOR_TENANT });
  const admin = person('Ada Admin', { tenantId: TENANT_A, roles: [SUPPORT_ADMIN_ROLE] });
  const member = person('Bob Member', { tenantId: TENANT_A });
  let workspaceId: string;

  beforeAll(async () => {
    hub = await SupportHarness.start();
    tap = await EventTap.open(hub.env.amqpUrl, hub.env.exchange, ['case.opened', 'case.assigned', 'case.closed', 'access.granted', 'access.revoked', 'access.request-ended']);
    workspaceId = await hub.workspace({ admins: [admin], members: [member] });
    await hub.registerEngineer(manager, engineer, ['Identity']);
  });

  afterAll(async () => {
    await tap?.close();
    await hub?.stop();
  });

  const check = async (user: TestUser, tenantId: string) =>
    (await hub.access().get(`/api/v1/access-grants/check?tenantId=${tenantId}`).set('authorization', hub.bearer(user)).expect(200)).body;

  it('consent: the assigned engineer reads diagnostics while the case is open, not after it closes', async () => {
    const opened = await hub.openCase(member, workspaceId, { allowAdvancedDiagnostics: true, productArea: 'identity' });
    expect(opened).toMatchObject({ status: 'open', assignedEngineerId: engineer.id, requestTenantId: TENANT_A, resourceTenantId: TENANT_A });

    const granted = await eventually(async () => ((await check(engineer, TENANT_A)).allowed ? check(engineer, TENANT_A) : undefined), {
      what: 'consent access to be granted',
    });
    expect(granted).toMatchObject({ allowed: true, basis: 'consent', grantId: expect.any(String), expiresAt: expect.any(String) });

    const read = await hub.diagnostics(engineer, TENANT_A);
    expect(read.status).toBe(200);
    expect(read.body.items.length).toBeGreaterThan(0);
    expect((await hub.diagnostics(engineer, TENANT_A)).body).toEqual(read.body);
    expect((await hub.diagnostics(engineer, TENANT_A, 'audit-logs')).status).toBe(200);
    expect((await hub.diagnostics(engineer, TENANT_B)).body).toMatchObject({ statusCode: 403, code: 'ACCESS_NOT_GRANTED' });
    // Somebody else, even of the same vendor, has no access.
    expect((await hub.diagnostics(manager, TENANT_A)).status).toBe(403);

    await hub.case().post(`/api/v1/cases/${opened.id}/close`).set('authorization', hub.bearer(engineer)).expect(200);
    await eventually(async () => (await hub.diagnostics(engineer, TENANT_A)).status === 403, { what: 'diagnostics to be refused after close' });
    expect((await hub.diagnostics(engineer, TENANT_A)).body).toMatchObject({ code: 'ACCESS_NOT_GRANTED' });
    expect(await check(engineer, TENANT_A)).toEqual({ allowed: false });
    await eventually(() => tap.of('access.revoked', (event) => event.data.caseId === opened.id).length === 1, { what: 'access.revoked' });
    expect(tap.of('access.revoked', (event) => event.data.caseId === opened.id)[0].data).toMatchObject({
      reason: 'case-closed',
      engineerId: engineer.id,
      tenantId: TENANT_A,
      workspaceId,
      severity: 'B',
    });
  });

  it('every diagnostic read is in the tenant audit trail', async () => {
    const audit = await hub.access().get(`/api/v1/audit?tenantId=${TENANT_A}&limit=100`).set('authorization', hub.bearer(admin)).expect(200);
    const actions = audit.body.items.map((record: { action: string }) => record.action);
    expect(hub.successfulReads.get(TENANT_A)).toBeGreaterThanOrEqual(3);
    expect(actions.filter((action: string) => action === 'diagnostics.read')).toHaveLength(hub.successfulReads.get(TENANT_A)!);
    expect(actions).toEqual(expect.arrayContaining(['grant.created', 'grant.completed']));
    expect(audit.body.items.find((record: { action: string }) => record.action === 'diagnostics.read')).toMatchObject({
      actorId: engineer.id,
      tenantId: TENANT_A,
      grantId: expect.any(String),
      caseId: expect.any(String),
      at: expect.any(String),
      reason: 'consent on the case',
    });
  });

  it('the whole story with a request: opened, assigned, requested, approved, read, closed, refused, completed', async () => {
    const opened = await hub.openCase(member, workspaceId, { allowAdvancedDiagnostics: false });
    expect(opened.assignedEngineerId).toBe(engineer.id);
    const filed = await hub.fileRequest(engineer, { caseId: opened.id, resourceTenantId: TENANT_A, justification: 'Sign-in logs of Monday' });
    expect(filed).toMatchObject({ status: 'pending', engineerId: engineer.id, requestTenantId: TENANT_A, resourceTenantId: TENANT_A, approvals: [] });
    expect(await check(engineer, TENANT_A)).toEqual({ allowed: false });
    expect((await hub.diagnostics(engineer, TENANT_A)).status).toBe(403);

    const approved = await hub.access().post(`/api/v1/access-requests/${filed.id}/approve`).set('authorization', hub.bearer(admin)).expect(200);
    expect(approved.body).toMatchObject({ status: 'approved', approvals: [{ tenantId: TENANT_A, approvedBy: admin.id, at: expect.any(String) }] });
    const allowed = await check(engineer, TENANT_A);
    expect(allowed).toMatchObject({ allowed: true, basis: 'request', grantId: approved.body.grantId });
    // Default grant length: 8 hours.
    expect(Date.parse(allowed.expiresAt) - Date.parse(approved.body.approvals[0].at)).toBe(8 * 3_600_000);
    expect((await hub.diagnostics(engineer, TENANT_A)).status).toBe(200);

    await hub.case().post(`/api/v1/cases/${opened.id}/close`).set('authorization', hub.bearer(admin)).expect(200);
    await eventually(async () => (await hub.diagnostics(engineer, TENANT_A)).status === 403, { what: 'diagnostics to be refused after close' });
    // Reads are refused from the moment the revocation starts, before it commits: wait for the commit.
    const request = await eventually(async () => {
      const response = await hub.access().get(`/api/v1/access-requests/${filed.id}`).set('authorization', hub.bearer(admin)).expect(200);
      return response.body.status === 'completed' && response;
    }, { what: 'the request to be completed' });
    expect(request.body).toMatchObject({ status: 'completed', endReason: 'case-closed' });
    const grants = await hub.access().get(`/api/v1/access-grants?tenantId=${TENANT_A}`).set('authorization', hub.bearer(admin)).expect(200);
    expect(grants.body.items.find((grant: { id: string }) => grant.id === approved.body.grantId)).toMatchObject({
      status: 'completed',
      endReason: 'case-closed',
      basis: 'request',
      requestId: filed.id,
    });
  });

  it('withdrawing consent ends access at once; reopening a closed case never brings it back', async () => {
    const opened = await hub.openCase(member, workspaceId, { allowAdvancedDiagnostics: true });
    await eventually(async () => (await check(engineer, TENANT_A)).allowed === true, { what: 'consent access' });
    await hub.case().patch(`/api/v1/cases/${opened.id}`).set('authorization', hub.bearer(member)).send({ allowAdvancedDiagnostics: false }).expect(200);
    await eventually(async () => (await check(engineer, TENANT_A)).allowed === false, { what: 'consent access to end' });
    await eventually(() => tap.of('access.revoked', (event) => event.data.caseId === opened.id && event.data.reason === 'consent-withdrawn').length === 1, {
      what: 'access.revoked consent-withdrawn',
    });

    await hub.case().patch(`/api/v1/cases/${opened.id}`).set('authorization', hub.bearer(member)).send({ allowAdvancedDiagnostics: true }).expect(200);
    await eventually(async () => (await check(engineer, TENANT_A)).allowed === true, { what: 'consent access again' });
    await hub.case().post(`/api/v1/cases/${opened.id}/close`).set('authorization', hub.bearer(engineer)).expect(200);
    await eventually(async () => (await check(engineer, TENANT_A)).allowed === false, { what: 'access to end on close' });

    const reopened = await hub.case().post(`/api/v1/cases/${opened.id}/reopen`).set('authorization', hub.bearer(member)).expect(200);
    expect(reopened.body).toMatchObject({ status: 'open', allowAdvancedDiagnostics: false, assignedEngineerId: engineer.id });
    // Filing again succeeds only once the access service has applied the reopen (409 before).
    const refiled = await hub.fileRequest(engineer, { caseId: opened.id, resourceTenantId: TENANT_A }, [404, 409]);
    expect(refiled.status).toBe('pending');
    expect(await check(engineer, TENANT_A)).toEqual({ allowed: false });
    const active = await hub.access().get('/api/v1/access-grants?status=active').set('authorization', hub.bearer(engineer)).expect(200);
    expect(active.body.items).toEqual([]);
  });
});
