// Consent to advanced diagnostics is the customer's (DESIGN §5): only a workspace member signed
// in with the case's customer tenant gives, changes or withdraws it; guests from other tenants
// and Personal accounts are refused with a stable code, and nothing is stored or announced.
import { PERSONAL_ACCOUNT_TENANT_ID } from '@support-hub/auth';
import { eventually } from '@support-hub/testing';
import { EventTap } from '../../access/test/support/event-tap';
import { person, SupportHarness, TENANT_A, TENANT_B, VENDOR_TENANT, type TestUser } from '../../access/test/support/support-hub.harness';

describe('Consent is the customer tenant’s', () => {
  let hub: SupportHarness;
  let tap: EventTap;
  const manager = person('Mia Manager', { roles: ['support-manager'], tenantId: VENDOR_TENANT });
  const engineer = person('Eli Engineer', { roles: ['support-engineer'], tenantId: VENDOR_TENANT });
  const customer = person('Cleo Customer', { tenantId: TENANT_A });
  const customerAdmin = person('Ada Admin', { tenantId: TENANT_A });
  const guest = person('Gus Guest', { tenantId: TENANT_B });
  const personal = person('Pat Personal', { tenantId: PERSONAL_ACCOUNT_TENANT_ID });
  let workspaceId: string;

  beforeAll(async () => {
    hub = await SupportHarness.start();
    tap = await EventTap.open(hub.env.amqpUrl, hub.env.exchange, ['case.opened', 'case.consent-changed']);
    // The harness's workspaces belong to a contract of TENANT_A.
    workspaceId = await hub.workspace({ admins: [customerAdmin], members: [customer, guest, personal], allowPersonalAccounts: true });
    await hub.registerEngineer(manager, engineer, ['Identity']);
  });

  afterAll(async () => {
    await tap?.close();
    await hub?.stop();
  });

  const as = (user: TestUser) => ({
    get: (path: string) => hub.case().get(path).set('authorization', hub.bearer(user)),
    post: (path: string, body: object) => hub.case().post(path).set('authorization', hub.bearer(user)).send(body),
    patch: (path: string, body: object) => hub.case().patch(path).set('authorization', hub.bearer(user)).send(body),
  });
  const newCase = { title: 'Sign-ins fail', description: 'Since Monday', severity: 'B', productArea: 'identity' };
  const casesInWorkspace = async () => (await as(customerAdmin).get(`/api/v1/workspaces/${workspaceId}/cases?limit=100`).expect(200)).body.items.length;
  const consentEventsOf = (caseId: string) => tap.of('case.consent-changed', (event) => event.data.caseId === caseId);

  it('refuses consent when opening, unless the opener is of the customer tenant; the refused case is not stored', async () => {
    const before = await casesInWorkspace();
    const refusals: [TestUser, object, string][] = [
      [guest, { ...newCase, allowAdvancedDiagnostics: true }, 'CONSENT_NOT_YOURS'],
      [guest, { ...newCase, allowAdvancedDiagnostics: true, resourceTenantId: TENANT_A }, 'CONSENT_NOT_YOURS'],
      [personal, { ...newCase, allowAdvancedDiagnostics: true }, 'PERSONAL_ACCOUNT_NO_DIAGNOSTICS'],
      [personal, { ...newCase, allowAdvancedDiagnostics: true, resourceTenantId: TENANT_A }, 'PERSONAL_ACCOUNT_NO_DIAGNOSTICS'],
      [customer, { ...newCase, allowAdvancedDiagnostics: true, resourceTenantId: PERSONAL_ACCOUNT_TENANT_ID }, 'PERSONAL_ACCOUNT_NO_DIAGNOSTICS'],
    ];
    for (const [user, body, code] of refusals) {
      const response = await as(user).post(`/api/v1/workspaces/${workspaceId}/cases`, body);
      expect({ user: user.name, status: response.status, code: response.body.code }).toEqual({ user: user.name, status: 403, code });
    }
    // Without consent, guests and Personal accounts open cases like any member.
    const guestCase = await as(guest).post(`/api/v1/workspaces/${workspaceId}/cases`, { ...newCase, allowAdvancedDiagnostics: false }).expect(201);
    expect(guestCase.body).toMatchObject({ requestTenantId: TENANT_B, allowAdvancedDiagnostics: false });
    const consented = await as(customer).post(`/api/v1/workspaces/${workspaceId}/cases`, { ...newCase, allowAdvancedDiagnostics: true }).expect(201);
    expect(consented.body).toMatchObject({ requestTenantId: TENANT_A, allowAdvancedDiagnostics: true });

    expect(await casesInWorkspace()).toBe(before + 2);
    // The customer's case.opened is published after any earlier one would have been: none of the refused exist.
    await eventually(() => tap.of('case.opened', (event) => event.data.caseId === consented.body.id)[0], { what: 'case.opened' });
    const openedBy = tap.of('case.opened', (event) => event.workspaceId === workspaceId).map((event) => [event.data.openedBy, event.data.allowAdvancedDiagnostics]);
    expect(openedBy).toEqual([
      [guest.id, false],
      [customer.id, true],
    ]);
  });

  it('lets only members of the customer tenant change or withdraw consent; a refusal stores nothing, not even the description', async () => {
    const opened = await as(customer).post(`/api/v1/workspaces/${workspaceId}/cases`, { ...newCase, allowAdvancedDiagnostics: false }).expect(201);
    const caseId: string = opened.body.id;
    for (const user of [guest, personal]) {
      for (const body of [{ allowAdvancedDiagnostics: true }, { allowAdvancedDiagnostics: false, description: 'Changed by a guest' }]) {
        const response = await as(user).patch(`/api/v1/cases/${caseId}`, body);
        expect({ user: user.name, status: response.status, code: response.body.code }).toEqual({ user: user.name, status: 403, code: 'CONSENT_NOT_YOURS' });
      }
      // The description alone is a member's to change.
      await as(user).patch(`/api/v1/cases/${caseId}`, { description: `Note from ${user.name}` }).expect(200);
    }
    const unchanged = (await as(customer).get(`/api/v1/cases/${caseId}`).expect(200)).body;
    expect(unchanged).toMatchObject({ allowAdvancedDiagnostics: false, revision: opened.body.revision, description: `Note from ${personal.name}` });

    const given = await as(customerAdmin).patch(`/api/v1/cases/${caseId}`, { allowAdvancedDiagnostics: true }).expect(200);
    expect(given.body).toMatchObject({ allowAdvancedDiagnostics: true, revision: opened.body.revision + 1 });
    await eventually(() => consentEventsOf(caseId).length === 1, { what: 'case.consent-changed' });
    expect(consentEventsOf(caseId).map((event) => event.data.changedBy)).toEqual([customerAdmin.id]);
  });

  it("nobody consents on a guest's case: it would expose a tenant that is not the customer", async () => {
    const guestCase = await as(guest).post(`/api/v1/workspaces/${workspaceId}/cases`, { ...newCase, allowAdvancedDiagnostics: false }).expect(201);
    for (const user of [guest, customer, customerAdmin]) {
      const response = await as(user).patch(`/api/v1/cases/${guestCase.body.id}`, { allowAdvancedDiagnostics: true });
      expect({ user: user.name, status: response.status, code: response.body.code }).toEqual({ user: user.name, status: 403, code: 'CONSENT_NOT_YOURS' });
    }
    expect((await as(guest).get(`/api/v1/cases/${guestCase.body.id}`).expect(200)).body).toMatchObject({ allowAdvancedDiagnostics: false, revision: guestCase.body.revision });
  });

  it("a Personal account's case never takes consent, from anyone", async () => {
    const personalCase = await as(personal).post(`/api/v1/workspaces/${workspaceId}/cases`, { ...newCase, allowAdvancedDiagnostics: false }).expect(201);
    expect(personalCase.body).toMatchObject({ requestTenantId: PERSONAL_ACCOUNT_TENANT_ID, resourceTenantId: PERSONAL_ACCOUNT_TENANT_ID });
    for (const user of [personal, customer, customerAdmin]) {
      const response = await as(user).patch(`/api/v1/cases/${personalCase.body.id}`, { allowAdvancedDiagnostics: true });
      expect({ user: user.name, status: response.status, code: response.body.code }).toEqual({ user: user.name, status: 403, code: 'PERSONAL_ACCOUNT_NO_DIAGNOSTICS' });
    }
    expect((await as(personal).get(`/api/v1/cases/${personalCase.body.id}`).expect(200)).body).toMatchObject({ allowAdvancedDiagnostics: false });
  });
});
