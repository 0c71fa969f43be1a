// Support access requests between tenants: approvals in each tenant involved, who may decide,
// rejection, withdrawal, removal by the resource tenant and the privacy rule between tenants.
import { eventually } from '@support-hub/testing';
import { inTenant, person, SupportHarness, SUPPORT_ADMIN_ROLE, TENANT_A, TENANT_B, TENANT_C, VENDOR_TENANT, type TestUser } from './support/support-hub.harness';

describe('Support access requests across tenants', () => {
  let hub: SupportHarness;
  const manager = person('Mia Manager', { roles: ['support-manager'], tenantId: VENDOR_TENANT });
  const engineer = person('Eli Engineer', { roles: ['support-engineer'], tenantId: VENDOR_TENANT });
  const otherEngineer = person('Olga Engineer', { roles: ['support-engineer'], tenantId: VENDOR_TENANT });
  const member = person('Bob Member', { tenantId: TENANT_A });
  const adminA = person('Ada Admin A', { tenantId: TENANT_A, roles: [SUPPORT_ADMIN_ROLE] });
  const adminB = person('Ben Admin B', { tenantId: TENANT_B, roles: ['Global Administrator'] });
  const adminC = person('Cleo Admin C', { tenantId: TENANT_C, roles: ['Global Administrator'] });
  const plainA = person('Pat Plain A', { tenantId: TENANT_A });
  let workspaceId: string;

  beforeAll(async () => {
    hub = await SupportHarness.start();
    workspaceId = await hub.workspace({ admins: [adminA], members: [member] });
    await hub.registerEngineer(manager, engineer, ['identity']);
    await hub.registerEngineer(manager, otherEngineer, ['billing']);
  });

  afterAll(async () => {
    await hub?.stop();
  });

  const as = (user: TestUser) => ({
    get: (path: string) => hub.access().get(path).set('authorization', hub.bearer(user)),
    post: (path: string, body: object = {}) => hub.access().post(path).set('authorization', hub.bearer(user)).send(body),
    delete: (path: string) => hub.access().delete(path).set('authorization', hub.bearer(user)),
  });
  const check = async (user: TestUser, tenantId: string) => (await as(user).get(`/api/v1/access-grants/check?tenantId=${tenantId}`).expect(200)).body;

  /**
   * A cross-tenant case (filed from A about B) with a pending request. `by` gets its own product
   * area so that grants of earlier tests (same engineer, same tenant) do not answer for this one.
   */
  async function crossTenantRequest(by: TestUser = engineer): Promise<{ caseId: string; requestId: string }> {
    let productArea = 'identity';
    if (by !== engineer) {
      productArea = `area-${by.id}`;
      await hub.registerEngineer(manager, by, [productArea]);
    }
    const opened = await hub.openCase(member, workspaceId, { resourceTenantId: TENANT_B, allowAdvancedDiagnostics: true, productArea });
    expect(opened).toMatchObject({ requestTenantId: TENANT_A, resourceTenantId: TENANT_B, assignedEngineerId: by.id });
    const filed = await hub.fileRequest(by, { caseId: opened.id, resourceTenantId: TENANT_B });
    return { caseId: opened.id, requestId: filed.id };
  }

  const freshEngineer = (name: string) => person(name, { roles: ['support-engineer'], tenantId: VENDOR_TENANT });

  it('a cross-tenant case gives no consent access, even with allowAdvancedDiagnostics', async () => {
    const opened = await hub.openCase(member, workspaceId, { resourceTenantId: TENANT_B, allowAdvancedDiagnostics: true });
    await hub.fileRequest(engineer, { caseId: opened.id, resourceTenantId: TENANT_B }); // the access service knows the case now
    expect(await check(engineer, TENANT_B)).toEqual({ allowed: false });
    expect(await check(engineer, TENANT_A)).toEqual({ allowed: false });
  });

  it('needs one approval from each tenant; others cannot decide', async () => {
    const { requestId } = await crossTenantRequest();
    const pending = await as(adminB).get(`/api/v1/access-requests/${requestId}`).expect(200);
    expect(pending.body).toMatchObject({ status: 'pending', requiredApprovals: [TENANT_A, TENANT_B], approvals: [] });

    await as(adminC).post(`/api/v1/access-requests/${requestId}/approve`).expect(404);
    expect((await as(plainA).post(`/api/v1/access-requests/${requestId}/approve`).expect(403)).body.code).toBe('MANAGE_SUPPORT_ACCESS_REQUIRED');
    expect((await as(otherEngineer).post(`/api/v1/access-requests/${requestId}/approve`).expect(404)).body.code).toBe('REQUEST_NOT_FOUND');

    const first = await as(adminB).post(`/api/v1/access-requests/${requestId}/approve`).expect(200);
    expect(first.body).toMatchObject({ status: 'pending', approvals: [{ tenantId: TENANT_B, approvedBy: adminB.id }] });
    expect(await check(engineer, TENANT_B)).toEqual({ allowed: false });
    expect((await as(adminB).post(`/api/v1/access-requests/${requestId}/approve`).expect(409)).body.code).toBe('ALREADY_APPROVED');

    const second = await as(adminA).post(`/api/v1/access-requests/${requestId}/approve`).expect(200);
    expect(second.body.status).toBe('approved');
    expect(await check(engineer, TENANT_B)).toMatchObject({ allowed: true, basis: 'request' });
    // Scoped to the resource tenant only.
    expect(await check(engineer, TENANT_A)).toEqual({ allowed: false });
    expect((await hub.diagnostics(engineer, TENANT_A)).status).toBe(403);
    expect((await hub.diagnostics(engineer, TENANT_B)).status).toBe(200);
    expect((await as(adminA).post(`/api/v1/access-requests/${requestId}/approve`).expect(409)).body.code).toBe('REQUEST_NOT_PENDING');
  });

  it('an admin of both tenants may give both approvals, one per tenant token', async () => {
    const { requestId } = await crossTenantRequest();
    const both = person('Dana Admin of both', { tenantId: TENANT_A, roles: [SUPPORT_ADMIN_ROLE] });
    await as(both).post(`/api/v1/access-requests/${requestId}/approve`).expect(200);
    const done = await as(inTenant(both, TENANT_B)).post(`/api/v1/access-requests/${requestId}/approve`).expect(200);
    expect(done.body).toMatchObject({ status: 'approved', approvals: [{ approvedBy: both.id }, { approvedBy: both.id }] });
  });

  it('the requester can never approve or reject, whatever token they hold', async () => {
    const { requestId } = await crossTenantRequest();
    const disguised = inTenant(engineer, TENANT_B, ['Global Administrator', 'support-engineer']);
    expect((await as(disguised).post(`/api/v1/access-requests/${requestId}/approve`).expect(403)).body.code).toBe('SELF_APPROVAL_FORBIDDEN');
    expect((await as(engineer).post(`/api/v1/access-requests/${requestId}/approve`).expect(403)).body.code).toBe('SELF_APPROVAL_FORBIDDEN');
    expect((await as(disguised).post(`/api/v1/access-requests/${requestId}/reject`).expect(403)).body.code).toBe('SELF_APPROVAL_FORBIDDEN');
    expect((await as(adminB).get(`/api/v1/access-requests/${requestId}`).expect(200)).body).toMatchObject({ status: 'pending', approvals: [] });
  });

  it('any rejection ends the request', async () => {
    const rejectedEngineer = freshEngineer('Rae Engineer');
    const { caseId, requestId } = await crossTenantRequest(rejectedEngineer);
    await as(adminB).post(`/api/v1/access-requests/${requestId}/approve`).expect(200);
    const rejected = await as(adminA).post(`/api/v1/access-requests/${requestId}/reject`, { reason: 'Not this week' }).expect(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', rejection: { tenantId: TENANT_A, rejectedBy: adminA.id, reason: 'Not this week' } });
    expect((await as(adminB).post(`/api/v1/access-requests/${requestId}/approve`).expect(409)).body.code).toBe('REQUEST_NOT_PENDING');
    expect(await check(rejectedEngineer, TENANT_B)).toEqual({ allowed: false });
    // A new request may follow a rejected one.
    await hub.fileRequest(rejectedEngineer, { caseId, resourceTenantId: TENANT_B });
  });

  it('the engineer withdraws a pending request; nobody else can', async () => {
    const { caseId, requestId } = await crossTenantRequest();
    expect((await as(engineer).post('/api/v1/access-requests', { caseId, resourceTenantId: TENANT_B, justification: 'again' }).expect(409)).body.code).toBe(
      'REQUEST_ALREADY_OPEN',
    );
    expect((await as(adminA).post(`/api/v1/access-requests/${requestId}/cancel`).expect(403)).body.code).toBe('REQUESTER_ONLY');
    await as(otherEngineer).post(`/api/v1/access-requests/${requestId}/cancel`).expect(404);
    const cancelled = await as(engineer).post(`/api/v1/access-requests/${requestId}/cancel`).expect(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', endReason: 'withdrawn' });
    await as(adminA).post(`/api/v1/access-requests/${requestId}/approve`).expect(409);
  });

  it('filing: only the assigned engineer, only for a tenant of the case, within the cap', async () => {
    const opened = await hub.openCase(member, workspaceId, { resourceTenantId: TENANT_B });
    await hub.fileRequest(engineer, { caseId: opened.id, resourceTenantId: TENANT_A });
    const body = { caseId: opened.id, resourceTenantId: TENANT_B, justification: 'logs' };
    expect((await as(otherEngineer).post('/api/v1/access-requests', body).expect(404)).body.code).toBe('CASE_NOT_FOUND');
    expect((await as(adminA).post('/api/v1/access-requests', body).expect(403)).body.code).toBe('ROLE_REQUIRED');
    expect((await as(engineer).post('/api/v1/access-requests', { ...body, resourceTenantId: TENANT_C }).expect(422)).body.code).toBe('TENANT_NOT_IN_CASE');
    expect((await as(engineer).post('/api/v1/access-requests', { ...body, durationHours: 25 }).expect(400)).body.code).toBe('DURATION_EXCEEDS_CAP');
    expect((await as(engineer).post('/api/v1/access-requests', { ...body, caseId: 'no-such-case' }).expect(404)).body.code).toBe('CASE_NOT_FOUND');
  });

  describe('privacy between tenants', () => {
    const engineer = freshEngineer('Pia Engineer');
    let caseId: string;
    let requestId: string;
    let grantId: string;

    beforeAll(async () => {
      ({ caseId, requestId } = await crossTenantRequest(engineer));
      await as(adminA).post(`/api/v1/access-requests/${requestId}/approve`).expect(200);
      grantId = (await as(adminB).post(`/api/v1/access-requests/${requestId}/approve`).expect(200)).body.grantId;
    });

    it('grants are listed only to admins of the resource tenant', async () => {
      const ofB = await as(adminB).get(`/api/v1/access-grants?tenantId=${TENANT_B}`).expect(200);
      expect(ofB.body.items.map((grant: { id: string }) => grant.id)).toContain(grantId);
      expect((await as(adminA).get(`/api/v1/access-grants?tenantId=${TENANT_B}`).expect(404)).body.code).toBe('TENANT_NOT_FOUND');
      const ofA = await as(adminA).get(`/api/v1/access-grants?tenantId=${TENANT_A}`).expect(200);
      expect(ofA.body.items.map((grant: { id: string }) => grant.id)).not.toContain(grantId);
      expect((await as(plainA).get(`/api/v1/access-grants?tenantId=${TENANT_A}`).expect(403)).body.code).toBe('MANAGE_SUPPORT_ACCESS_REQUIRED');
      expect((await as(adminA).get(`/api/v1/access-requests/${requestId}`).expect(200)).body.grantId).toBeNull();
    });

    it('only a resource-tenant admin removes a grant, and access ends at once', async () => {
      await as(adminA).delete(`/api/v1/access-grants/${grantId}`).expect(404);
      await as(adminC).delete(`/api/v1/access-grants/${grantId}`).expect(404);
      expect((await as(engineer).delete(`/api/v1/access-grants/${grantId}`).expect(403)).body.code).toBe('MANAGE_SUPPORT_ACCESS_REQUIRED');
      expect((await hub.diagnostics(engineer, TENANT_B)).status).toBe(200);

      const removed = await as(adminB).delete(`/api/v1/access-grants/${grantId}`).expect(200);
      expect(removed.body).toMatchObject({ id: grantId, status: 'removed', endReason: 'removed', endedBy: adminB.id });
      expect(await check(engineer, TENANT_B)).toEqual({ allowed: false });
      expect((await hub.diagnostics(engineer, TENANT_B)).status).toBe(403);
      expect((await as(adminB).delete(`/api/v1/access-grants/${grantId}`).expect(409)).body.code).toBe('GRANT_NOT_ACTIVE');
    });

    it('the request tenant still sees the request as approved, never as removed', async () => {
      expect((await as(adminB).get(`/api/v1/access-requests/${requestId}`).expect(200)).body).toMatchObject({ status: 'removed', endReason: 'removed' });
      expect((await as(adminA).get(`/api/v1/access-requests/${requestId}`).expect(200)).body).toMatchObject({
        status: 'approved',
        endedAt: null,
        endReason: null,
        grantId: null,
      });
      const ids = async (user: TestUser, tenantId: string, status: string) =>
        (await as(user).get(`/api/v1/access-requests?tenantId=${tenantId}&status=${status}`).expect(200)).body.items.map((item: { id: string }) => item.id);
      expect(await ids(adminA, TENANT_A, 'approved')).toContain(requestId);
      expect(await ids(adminA, TENANT_A, 'removed')).not.toContain(requestId);
      expect(await ids(adminB, TENANT_B, 'removed')).toContain(requestId);
      const auditA = await as(adminA).get(`/api/v1/audit?tenantId=${TENANT_A}&limit=100`).expect(200);
      expect(auditA.body.items.filter((record: { requestId: string }) => record.requestId === requestId).map((record: { action: string }) => record.action)).toEqual(
        expect.not.arrayContaining(['grant.removed', 'grant.created']),
      );
      const auditB = await as(adminB).get(`/api/v1/audit?tenantId=${TENANT_B}&limit=100`).expect(200);
      expect(auditB.body.items.find((record: { action: string; grantId: string }) => record.action === 'grant.removed' && record.grantId === grantId)).toMatchObject({
        actorId: adminB.id,
      });
    });

    it('when the case closes, the request tenant sees the request completed', async () => {
      await hub.case().post(`/api/v1/cases/${caseId}/close`).set('authorization', hub.bearer(adminA)).expect(200);
      await eventually(async () => (await as(adminA).get(`/api/v1/access-requests/${requestId}`)).body.status === 'completed', {
        what: 'the request tenant to see the request completed',
      });
      expect((await as(adminB).get(`/api/v1/access-requests/${requestId}`).expect(200)).body.status).toBe('removed');
    });
  });
});
