// No diagnostics access of any kind on the Personal consumer tenant (DESIGN §5): access requests
// about it, or on a case a Personal account filed, are refused with a stable code; and the access
// service never grants consent access for it, whatever a case event says (defence in depth). So a
// Personal member of a workspace is never party to an access request about its cases, whether the
// workspace's policy allows Personal accounts or suspends them (the access service keeps no copy).
import { randomUUID } from 'node:crypto';
import { PERSONAL_ACCOUNT_TENANT_ID } from '@support-hub/auth';
import type { EventData } from '@support-hub/contracts';
import { eventually } from '@support-hub/testing';
import { EventTap } from './support/event-tap';
import { person, SupportHarness, SUPPORT_ADMIN_ROLE, TENANT_A, TENANT_B, TENANT_C, VENDOR_TENANT, type TestUser } from './support/support-hub.harness';

describe('Personal accounts: no diagnostics access of any kind', () => {
  let hub: SupportHarness;
  let tap: EventTap;
  const manager = person('Mia Manager', { roles: ['support-manager'], tenantId: VENDOR_TENANT });
  const engineer = person('Eli Engineer', { roles: ['support-engineer'], tenantId: VENDOR_TENANT });
  const busEngineer = person('Bea Engineer', { roles: ['support-engineer'], tenantId: VENDOR_TENANT });
  const member = person('Bob Member', { tenantId: TENANT_A });
  const personal = person('Pat Personal', { tenantId: PERSONAL_ACCOUNT_TENANT_ID, roles: [SUPPORT_ADMIN_ROLE] });
  let workspaceId: string;

  beforeAll(async () => {
    hub = await SupportHarness.start();
    tap = await EventTap.open(hub.env.amqpUrl, hub.env.exchange, ['access.granted', 'access.requested']);
    workspaceId = await hub.workspace({ members: [member, personal], allowPersonalAccounts: true });
    await hub.registerEngineer(manager, engineer, ['identity']);
  });

  afterAll(async () => {
    await tap?.close();
    await hub?.stop();
  });

  const check = async (user: TestUser, tenantId: string) =>
    (await hub.access().get(`/api/v1/access-grants/check?tenantId=${tenantId}`).set('authorization', hub.bearer(user)).expect(200)).body;

  /** Files a request once the access service knows the case (404 until then); returns the first other answer. */
  const fileWhenKnown = (caseId: string, resourceTenantId: string) =>
    eventually(
      async () => {
        const response = await hub.access().post('/api/v1/access-requests').set('authorization', hub.bearer(engineer)).send({ caseId, resourceTenantId, justification: 'Need the logs' });
        return response.status === 404 ? undefined : response;
      },
      { what: `the access service to know case ${caseId}` },
    );

  it('refuses access requests about the Personal tenant or on a case a Personal account filed', async () => {
    const personalCase = await hub.openCase(personal, workspaceId);
    expect(personalCase).toMatchObject({ requestTenantId: PERSONAL_ACCOUNT_TENANT_ID, assignedEngineerId: engineer.id });
    const aboutAnotherTenant = await hub.openCase(personal, workspaceId, { resourceTenantId: TENANT_B });
    const customerCase = await hub.openCase(member, workspaceId);

    for (const [caseId, resourceTenantId] of [
      [personalCase.id, PERSONAL_ACCOUNT_TENANT_ID],
      [aboutAnotherTenant.id, TENANT_B],
      [aboutAnotherTenant.id, PERSONAL_ACCOUNT_TENANT_ID],
      [customerCase.id, PERSONAL_ACCOUNT_TENANT_ID],
    ]) {
      const response = await fileWhenKnown(caseId, resourceTenantId);
      expect({ caseId, resourceTenantId, status: response.status, code: response.body.code }).toEqual({
        caseId,
        resourceTenantId,
        status: 403,
        code: 'PERSONAL_ACCOUNT_NO_DIAGNOSTICS',
      });
    }
    // The same engineer's request on the customer's case, for the customer's tenant, is fine.
    expect((await fileWhenKnown(customerCase.id, TENANT_A)).status).toBe(201);
    await eventually(() => tap.of('access.requested', (event) => event.data.caseId === customerCase.id).length === 1, { what: 'access.requested' });
    expect(tap.of('access.requested', (event) => event.data.resourceTenantId === PERSONAL_ACCOUNT_TENANT_ID || event.data.requestTenantId === PERSONAL_ACCOUNT_TENANT_ID)).toEqual([]);
  });

  it("a Personal member is never party to access requests about the workspace's cases: 404 while allowed, 404 while suspended", async () => {
    const customerCase = await hub.openCase(member, workspaceId);
    const filed = await fileWhenKnown(customerCase.id, TENANT_A);
    expect(filed.status).toBe(201);
    const asPersonal = {
      get: () => hub.access().get(`/api/v1/access-requests/${filed.body.id}`).set('authorization', hub.bearer(personal)),
      approve: () => hub.access().post(`/api/v1/access-requests/${filed.body.id}/approve`).set('authorization', hub.bearer(personal)).send(),
    };
    for (const allowed of [true, false]) {
      if (!allowed) {
        await hub.changePersonalAccountPolicy(workspaceId, false);
        await eventually(async () => (await hub.case().get(`/api/v1/cases/${customerCase.id}`).set('authorization', hub.bearer(personal))).status === 403, {
          what: 'the policy to reach the case service',
        });
      }
      expect((await asPersonal.get()).body).toMatchObject({ statusCode: 404, code: 'REQUEST_NOT_FOUND' });
      expect((await asPersonal.approve()).body).toMatchObject({ statusCode: 404, code: 'REQUEST_NOT_FOUND' });
    }
    await hub.changePersonalAccountPolicy(workspaceId, true);
    await hub.awaitMembership(workspaceId, personal);
  });

  it('never grants consent access on the Personal tenant, whatever the case events say', async () => {
    /** A consented, assigned, same-tenant case as the case service would announce it. */
    const consentedCase = (tenantId: string): EventData<'case.opened'> => ({
      caseId: randomUUID(),
      workspaceId,
      requestTenantId: tenantId,
      resourceTenantId: tenantId,
      severity: 'B',
      productArea: 'identity',
      status: 'open',
      assignedEngineerId: busEngineer.id,
      allowAdvancedDiagnostics: true,
      revision: 1,
      title: 'Published straight to the bus',
      openedBy: 'someone',
      openedAt: new Date().toISOString(),
    });
    const personalCase = consentedCase(PERSONAL_ACCOUNT_TENANT_ID);
    await hub.publish('case.opened', personalCase, { workspaceId });
    const { title: _title, openedBy: _openedBy, openedAt: _openedAt, ...snapshot } = personalCase;
    await hub.publish('case.consent-changed', { ...snapshot, revision: 2, changedBy: 'someone' }, { workspaceId });
    // The control: the very same events about an ordinary tenant do grant.
    const control = consentedCase(TENANT_C);
    await hub.publish('case.opened', control, { workspaceId });

    await eventually(async () => (await check(busEngineer, TENANT_C)).allowed, { what: 'consent access on the control case' });
    await hub.accessDrained();
    expect(await check(busEngineer, PERSONAL_ACCOUNT_TENANT_ID)).toEqual({ allowed: false });
    expect((await hub.diagnostics(busEngineer, PERSONAL_ACCOUNT_TENANT_ID)).body).toMatchObject({ statusCode: 403, code: 'ACCESS_NOT_GRANTED' });
    expect(tap.of('access.granted', (event) => event.data.caseId === personalCase.caseId)).toEqual([]);
  });
});
