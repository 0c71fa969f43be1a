// Tenant admins whose token carries their directory roles as Entra sends them: role template
// ids in `wids`, no role names. Any built-in role that holds
// microsoft.azure.supportTickets/allEntities/allTasks decides for its own tenant only; other
// roles, other tenants and vendor powers stay out of reach.
import { SUPPORT_ACCESS_DIRECTORY_ROLES } from '@support-hub/auth';
import { person, SupportHarness, TENANT_A, TENANT_B, VENDOR_TENANT, type TestUser } from './support/support-hub.harness';

/** Template ids from Microsoft's Entra built-in roles reference (libs/auth/src/entra-directory-roles.ts). */
const templateIdOf = (name: string): string => SUPPORT_ACCESS_DIRECTORY_ROLES.find((role) => role.name === name)!.templateId;
const GLOBAL_READER = 'f2ef992c-3afb-46b9-b7cf-a126ee74c451'; // a built-in role without that permission

describe('Directory roles as Entra role template ids (wids)', () => {
  let hub: SupportHarness;
  const manager = person('Mia Manager', { roles: ['support-manager'], tenantId: VENDOR_TENANT });
  const engineer = person('Eli Engineer', { roles: ['support-engineer'], tenantId: VENDOR_TENANT });
  const member = person('Bob Member', { tenantId: TENANT_A });
  const helpdeskAdmin = person('Hana Helpdesk', { tenantId: TENANT_A, wids: [templateIdOf('Helpdesk Administrator')] });
  const globalReader = person('Gus Reader', { tenantId: TENANT_A, wids: [GLOBAL_READER] });
  const otherTenantAdmin = person('Oren Other', { tenantId: TENANT_B, wids: [templateIdOf('Global Administrator')] });
  let workspaceId: string;

  beforeAll(async () => {
    hub = await SupportHarness.start();
    workspaceId = await hub.workspace({ members: [member] });
    await hub.registerEngineer(manager, engineer, ['identity']);
  });

  afterAll(async () => {
    await hub?.stop();
  });

  const as = (user: TestUser) => ({
    get: (path: string) => hub.access().get(path).set('authorization', hub.bearer(user)),
    post: (path: string, body: object = {}) => hub.access().post(path).set('authorization', hub.bearer(user)).send(body),
  });

  async function pendingRequest(): Promise<string> {
    const opened = await hub.openCase(member, workspaceId);
    return (await hub.fileRequest(engineer, { caseId: opened.id, resourceTenantId: TENANT_A })).id;
  }

  it('a wids-only admin of the tenant sees and approves the request; the engineer gets access', async () => {
    const requestId = await pendingRequest();
    const listed = await as(helpdeskAdmin).get(`/api/v1/access-requests?tenantId=${TENANT_A}&status=pending`).expect(200);
    expect(listed.body.items.map((item: { id: string }) => item.id)).toContain(requestId);

    const approved = await as(helpdeskAdmin).post(`/api/v1/access-requests/${requestId}/approve`).expect(200);
    expect(approved.body).toMatchObject({ status: 'approved', approvals: [{ tenantId: TENANT_A, approvedBy: helpdeskAdmin.id }] });
    expect((await as(engineer).get(`/api/v1/access-grants/check?tenantId=${TENANT_A}`).expect(200)).body).toMatchObject({ allowed: true, basis: 'request' });
  });

  it('a role without the permission in wids may not decide (403), another tenant’s admin sees nothing (404)', async () => {
    const requestId = await pendingRequest();
    expect((await as(globalReader).post(`/api/v1/access-requests/${requestId}/approve`).expect(403)).body.code).toBe('MANAGE_SUPPORT_ACCESS_REQUIRED');
    expect((await as(globalReader).get(`/api/v1/access-requests?tenantId=${TENANT_A}`).expect(403)).body.code).toBe('MANAGE_SUPPORT_ACCESS_REQUIRED');
    expect((await as(otherTenantAdmin).post(`/api/v1/access-requests/${requestId}/approve`).expect(404)).body.code).toBe('REQUEST_NOT_FOUND');
    expect((await as(helpdeskAdmin).get(`/api/v1/access-requests/${requestId}`).expect(200)).body).toMatchObject({ status: 'pending', approvals: [] });
  });

  it('every role that may manage support access, claimed in wids, lets a customer decide — never act as vendor staff', async () => {
    const everyRole = person('Eve Everything', { tenantId: TENANT_A, roles: ['support-manager', 'support-engineer'], wids: SUPPORT_ACCESS_DIRECTORY_ROLES.map((role) => role.templateId) });
    const me = await as(everyRole).get('/api/v1/me').expect(200);
    expect(me.body).toMatchObject({ isVendorStaff: false, permissions: ['microsoft.azure.supportTickets/allEntities/allTasks'] });
    expect(me.body.roles).not.toEqual(expect.arrayContaining(['support-manager']));
    // Vendor powers: registering an engineer (case service) and filing a request stay refused.
    await hub.case().post('/api/v1/engineers').set('authorization', hub.bearer(everyRole))
      .send({ userId: everyRole.id, name: everyRole.name, email: everyRole.email, expertise: ['identity'], active: true }).expect(403);
    const opened = await hub.openCase(member, workspaceId);
    expect((await as(everyRole).post('/api/v1/access-requests', { caseId: opened.id, resourceTenantId: TENANT_A, justification: 'me' }).expect(403)).body.code).toBe('ROLE_REQUIRED');
  });

  it('refuses an unknown field and a non-UUID id on the approve route, for a wids admin as for anyone', async () => {
    const requestId = await pendingRequest();
    expect((await as(helpdeskAdmin).post(`/api/v1/access-requests/${requestId}/approve`, { wids: ['x'] }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await as(helpdeskAdmin).post('/api/v1/access-requests/not-a-uuid/approve').expect(400)).body.code).toBe('VALIDATION_FAILED');
  });
});
