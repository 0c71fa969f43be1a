// The Services Hub workspaces story, end to end over HTTP and the real bus: a contract becomes
// active, its default workspace invites its people by email, they accept and become members,
// a second workspace needs its own invitation, and Customer Activity shows one and all.
import { randomUUID } from 'node:crypto';
import { eventually } from '@support-hub/testing';
import { contractBody, CUSTOMER_TENANT, HubHarness, person, VENDOR_TENANT, type TestUser } from './support/hub.harness';

describe('Services Hub workspaces: the story', () => {
  let hub: HubHarness;
  const csam = person('Carla CSAM', { roles: ['csam'], tenantId: VENDOR_TENANT });
  const ada = person('Ada Admin');
  const bob = person('Bob Contact');
  const fin = person('Fiona Finance');
  let contractId: string;
  let defaultWorkspaceId: string;
  let financeWorkspaceId: string;

  beforeAll(async () => {
    hub = await HubHarness.start();
  });

  afterAll(async () => {
    await hub?.stop();
  });

  const as = (user: TestUser) => ({
    workspace: () => hub.workspace().set('authorization', hub.bearer(user)),
    invitation: () => hub.invitation().set('authorization', hub.bearer(user)),
  });

  it('a CSAM creates a draft contract and is its CSAM', async () => {
    const response = await hub
      .workspace()
      .post('/api/v1/contracts')
      .set('authorization', hub.bearer(csam))
      .send(contractBody({}, { admin: ada, contacts: [bob] }))
      .expect(201);
    expect(response.body).toMatchObject({ status: 'draft', csamId: csam.id, accountCoordinatorId: null, defaultWorkspaceId: null, type: 'unified' });
    contractId = response.body.id;
  });

  it('activation creates the default workspace holding every purchased service', async () => {
    const response = await hub.workspace().post(`/api/v1/contracts/${contractId}/activate`).set('authorization', hub.bearer(csam)).expect(200);
    expect(response.body).toMatchObject({ id: contractId, status: 'active' });
    defaultWorkspaceId = response.body.defaultWorkspaceId;
    const workspace = await as(csam).workspace().get(`/api/v1/workspaces/${defaultWorkspaceId}`).expect(200);
    expect(workspace.body).toMatchObject({
      id: defaultWorkspaceId,
      contractId,
      name: 'Default',
      isDefault: true,
      services: ['reactive-support', 'proactive-assessments', 'workshops'],
      settings: { allowPersonalAccounts: false },
      role: 'csam',
    });
  });

  it('activating again is refused with 409 and changes nothing', async () => {
    const again = await as(csam).workspace().post(`/api/v1/contracts/${contractId}/activate`).expect(409);
    expect(again.body.code).toBe('CONTRACT_ALREADY_ACTIVE');
    const contract = await as(csam).workspace().get(`/api/v1/contracts/${contractId}`).expect(200);
    expect(contract.body.defaultWorkspaceId).toBe(defaultWorkspaceId);
  });

  let adaToken: string;
  let bobToken: string;

  it('invites the service administrator as admin and each named contact as member, by email', async () => {
    const adaMail = await hub.nextMailTo(ada.email);
    const bobMail = await hub.nextMailTo(bob.email);
    expect(adaMail.raw).toContain(`http://127.0.0.1:8080/invitations/accept?token=${adaMail.token}`);
    expect(adaMail.raw).toContain('as a workspace administrator');
    expect(bobMail.raw).toContain('as a member');
    adaToken = adaMail.token;
    bobToken = bobMail.token;
    const invitations = await eventually(async () => {
      const response = await as(csam).invitation().get(`/api/v1/workspaces/${defaultWorkspaceId}/invitations`).expect(200);
      return response.body.items.every((item: { delivery: { status: string } }) => item.delivery.status === 'sent') && response.body;
    });
    expect(invitations.items.map((item: { email: string; role: string; status: string }) => [item.email, item.role, item.status]).sort()).toEqual(
      [
        [ada.email, 'admin', 'pending'],
        [bob.email, 'member', 'pending'],
      ].sort(),
    );
    expect(JSON.stringify(invitations)).not.toContain(adaToken);
  });

  it('the invited people accept and become members with their roles', async () => {
    const accepted = await as(ada).invitation().post('/api/v1/invitations/accept').send({ token: adaToken }).expect(200);
    expect(accepted.body).toMatchObject({ workspaceId: defaultWorkspaceId, role: 'admin' });
    await as(bob).invitation().post('/api/v1/invitations/accept').send({ token: bobToken }).expect(200);
    const mine = await eventually(async () => {
      const response = await as(ada).workspace().get('/api/v1/workspaces').expect(200);
      return response.body.items.length === 1 && response.body;
    });
    expect(mine.items[0]).toMatchObject({ id: defaultWorkspaceId, role: 'admin' });
    const members = await eventually(async () => {
      const response = await as(ada).workspace().get(`/api/v1/workspaces/${defaultWorkspaceId}/members`).expect(200);
      return response.body.items.length === 2 && response.body;
    });
    expect(members.items.map((member: { userId: string; role: string }) => [member.userId, member.role]).sort()).toEqual(
      [
        [ada.id, 'admin'],
        [bob.id, 'member'],
      ].sort(),
    );
  });

  it('a CSAM creates a second workspace whose admin is invited; membership of one is not membership of the other', async () => {
    const created = await as(csam)
      .workspace()
      .post(`/api/v1/contracts/${contractId}/workspaces`)
      .send({ name: 'Finance', purpose: 'Support for the finance department', adminEmail: fin.email })
      .expect(201);
    financeWorkspaceId = created.body.id;
    expect(created.body).toMatchObject({ name: 'Finance', isDefault: false, services: [], settings: { allowPersonalAccounts: false } });
    await as(csam).workspace().post(`/api/v1/workspaces/${financeWorkspaceId}/services`).send({ services: ['workshops'] }).expect(200);

    // Ada, admin of the default workspace, sees nothing of Finance.
    await as(ada).workspace().get(`/api/v1/workspaces/${financeWorkspaceId}`).expect(404);
    await as(ada).invitation().get(`/api/v1/workspaces/${financeWorkspaceId}/invitations`).expect(404);

    const finMail = await hub.nextMailTo(fin.email);
    // Ada cannot use Fiona's invitation: a separate invitation is needed for each workspace.
    const mismatch = await as(ada).invitation().post('/api/v1/invitations/accept').send({ token: finMail.token }).expect(403);
    expect(mismatch.body.code).toBe('INVITATION_EMAIL_MISMATCH');
    await as(fin).invitation().post('/api/v1/invitations/accept').send({ token: finMail.token }).expect(200);
    await eventually(async () => (await as(fin).workspace().get(`/api/v1/workspaces/${financeWorkspaceId}`)).status === 200);

    // Fiona, now admin of Finance, invites Ada there.
    await eventually(async () => (await as(fin).invitation().post(`/api/v1/workspaces/${financeWorkspaceId}/invitations`).send({ email: ada.email, role: 'member' })).status === 201, {
      what: 'the invitation service to know Fiona as admin',
    });
    const adaFinanceMail = await hub.nextMailTo(ada.email);
    await as(ada).invitation().post('/api/v1/invitations/accept').send({ token: adaFinanceMail.token }).expect(200);
    const mine = await eventually(async () => {
      const response = await as(ada).workspace().get('/api/v1/workspaces').expect(200);
      return response.body.items.length === 2 && response.body;
    });
    expect(mine.items.map((item: { id: string; role: string }) => [item.id, item.role])).toEqual([
      [defaultWorkspaceId, 'admin'],
      [financeWorkspaceId, 'member'],
    ]);
  });

  it('Customer Activity shows one workspace, and all of them together', async () => {
    const caseA = randomUUID();
    const caseB = randomUUID();
    const caseC = randomUUID();
    const snapshot = (caseId: string, workspaceId: string, severity: 'A' | 'B' | 'C', status: 'open' | 'closed', revision: number) => ({
      caseId,
      workspaceId,
      requestTenantId: CUSTOMER_TENANT,
      resourceTenantId: CUSTOMER_TENANT,
      severity,
      productArea: 'identity',
      status,
      assignedEngineerId: null,
      allowAdvancedDiagnostics: true,
      revision,
    });
    const openedAt = new Date().toISOString();
    await hub.publish('case.opened', { ...snapshot(caseA, defaultWorkspaceId, 'A', 'open', 1), title: 'Sign-ins fail', openedBy: bob.id, openedAt });
    await hub.publish('case.opened', { ...snapshot(caseB, defaultWorkspaceId, 'C', 'open', 1), title: 'Question', openedBy: bob.id, openedAt });
    await hub.publish('case.closed', { ...snapshot(caseB, defaultWorkspaceId, 'C', 'closed', 2), closedBy: ada.id, closedAt: openedAt });
    await hub.publish('case.opened', { ...snapshot(caseC, financeWorkspaceId, 'B', 'open', 1), title: 'Invoices', openedBy: fin.id, openedAt });
    const grant = {
      grantId: randomUUID(),
      requestId: null,
      caseId: caseA,
      workspaceId: defaultWorkspaceId,
      engineerId: 'engineer-1',
      tenantId: CUSTOMER_TENANT,
      basis: 'consent' as const,
      expiresAt: new Date(Date.now() + 3600_000).toISOString(),
    };
    await hub.publish('access.granted', grant);

    const one = await eventually(async () => {
      const response = await as(ada).workspace().get(`/api/v1/activity?workspaces=${defaultWorkspaceId}`).expect(200);
      return response.body.workspaces[0]?.cases.total === 2 && response.body.workspaces[0].openAccessGrants === 1 && response.body;
    });
    expect(one.scope).toBe('selected');
    expect(one.workspaces).toHaveLength(1);
    expect(one.workspaces[0]).toMatchObject({
      id: defaultWorkspaceId,
      contract: { id: contractId, type: 'unified', status: 'active' },
      services: ['reactive-support', 'proactive-assessments', 'workshops'],
      cases: { total: 2, open: 1, closed: 1, openBySeverity: { A: 1, B: 0, C: 0 }, closedBySeverity: { A: 0, B: 0, C: 1 } },
      openAccessGrants: 1,
    });
    expect(one.workspaces[0].recentActivity.map((entry: { type: string }) => entry.type)).toEqual(
      expect.arrayContaining(['case.opened', 'case.closed', 'access.granted']),
    );

    // Ada is admin of Default but a plain member of Finance: "all" covers Default only.
    const adaAll = await as(ada).workspace().get('/api/v1/activity?workspaces=all').expect(200);
    expect(adaAll.body.workspaces.map((workspace: { id: string }) => workspace.id)).toEqual([defaultWorkspaceId]);

    // The CSAM sees every workspace of the contract.
    const all = await eventually(async () => {
      const response = await as(csam).workspace().get('/api/v1/activity?workspaces=all').expect(200);
      return response.body.combined.cases.total === 3 && response.body;
    });
    expect(all.scope).toBe('all');
    expect(all.workspaces.map((workspace: { id: string }) => workspace.id)).toEqual([defaultWorkspaceId, financeWorkspaceId]);
    expect(all.combined).toMatchObject({
      workspaceCount: 2,
      cases: { total: 3, open: 2, closed: 1, openBySeverity: { A: 1, B: 1, C: 0 } },
      openAccessGrants: 1,
    });
    expect(all.combined.contracts).toEqual([expect.objectContaining({ id: contractId, status: 'active' })]);

    // A grant on another tenant's data (a cross-tenant case) is that tenant's business only.
    const handledGrants = await hub.handledCount('workspace', 'access.granted');
    const foreignGrant = await hub.publish('access.granted', { ...grant, grantId: randomUUID(), tenantId: '0e3f5d52-5c1a-4b8e-9d7f-1a2b3c4d5e6f' });
    await eventually(async () => (await hub.handledCount('workspace', 'access.granted')) === handledGrants + 1, { what: 'the foreign grant handled' });
    const afterForeign = await as(ada).workspace().get(`/api/v1/activity?workspaces=${defaultWorkspaceId}`).expect(200);
    expect(afterForeign.body.workspaces[0].openAccessGrants).toBe(1);
    expect(afterForeign.body.workspaces[0].recentActivity.map((entry: { id: string }) => entry.id)).not.toContain(foreignGrant.id);

    const { expiresAt: _expiresAt, ...grantFacts } = grant;
    await hub.publish('access.revoked', { ...grantFacts, reason: 'case-closed', revokedAt: new Date().toISOString() });
    await eventually(async () => {
      const response = await as(csam).workspace().get('/api/v1/activity').expect(200);
      return response.body.combined.openAccessGrants === 0;
    });
  });
});
