// Cases over HTTP and the real bus: who opens, sees, changes, closes and reopens a case; the
// events each change publishes; memberships learned from workspace events; bad input.
import { randomUUID } from 'node:crypto';
import { eventually } from '@support-hub/testing';
import { EventTap } from '../../access/test/support/event-tap';
import { person, SupportHarness, TENANT_A, TENANT_B, VENDOR_TENANT, type TestUser } from '../../access/test/support/support-hub.harness';

describe('Cases', () => {
  let hub: SupportHarness;
  let tap: EventTap;
  const manager = person('Mia Manager', { roles: ['support-manager'], tenantId: VENDOR_TENANT });
  const engineer = person('Eli Engineer', { roles: ['support-engineer'], tenantId: VENDOR_TENANT });
  const otherEngineer = person('Olga Engineer', { roles: ['support-engineer'], tenantId: VENDOR_TENANT });
  const csam = person('Carla CSAM', { roles: ['csam'], tenantId: VENDOR_TENANT });
  const coordinator = person('Andy AC', { roles: ['account-coordinator'], tenantId: VENDOR_TENANT });
  const admin = person('Ada Admin', { tenantId: TENANT_A });
  const member = person('Bob Member', { tenantId: TENANT_A });
  const outsider = person('Olaf Other Workspace', { tenantId: TENANT_A });
  const otherCsam = person('Oscar CSAM', { roles: ['csam'], tenantId: VENDOR_TENANT });
  let workspaceId: string;
  let otherWorkspaceId: string;
  let caseId: string;

  beforeAll(async () => {
    hub = await SupportHarness.start();
    tap = await EventTap.open(hub.env.amqpUrl, hub.env.exchange, ['case.opened', 'case.assigned', 'case.consent-changed', 'case.closed', 'case.reopened']);
    workspaceId = await hub.workspace({ admins: [admin], members: [member], csam, accountCoordinator: coordinator });
    otherWorkspaceId = await hub.workspace({ admins: [outsider], csam: otherCsam });
    await hub.registerEngineer(manager, engineer, ['Identity']);
    await hub.registerEngineer(manager, otherEngineer, ['Billing']);
  });

  afterAll(async () => {
    await tap?.close();
    await hub?.stop();
  });

  const as = (user: TestUser) => ({
    get: (path: string) => hub.case().get(path).set('authorization', hub.bearer(user)),
    post: (path: string, body?: object) => hub.case().post(path).set('authorization', hub.bearer(user)).send(body ?? {}),
    patch: (path: string, body: object) => hub.case().patch(path).set('authorization', hub.bearer(user)).send(body),
  });
  const validCase = { title: 'Sign-ins fail', description: 'Since Monday', severity: 'A', productArea: 'identity', allowAdvancedDiagnostics: true };

  it('a member opens a case: assigned at once, resource tenant defaulting to theirs, and announced on the bus', async () => {
    const opened = await as(member).post(`/api/v1/workspaces/${workspaceId}/cases`, validCase).expect(201);
    expect(opened.body).toMatchObject({
      id: expect.any(String),
      workspaceId,
      requestTenantId: TENANT_A,
      resourceTenantId: TENANT_A,
      status: 'open',
      severity: 'A',
      productArea: 'identity',
      allowAdvancedDiagnostics: true,
      assignedEngineerId: engineer.id,
      openedBy: member.id,
      revision: 2,
    });
    caseId = opened.body.id;
    const openedEvent = await eventually(() => tap.of('case.opened', (event) => event.data.caseId === caseId)[0], { what: 'case.opened' });
    expect(openedEvent).toMatchObject({ workspaceId, source: 'case', data: { revision: 1, assignedEngineerId: null, severity: 'A', title: 'Sign-ins fail' } });
    const assigned = await eventually(() => tap.of('case.assigned', (event) => event.data.caseId === caseId)[0], { what: 'case.assigned' });
    expect(assigned.data).toMatchObject({ revision: 2, assignedEngineerId: engineer.id, workspaceId, severity: 'A' });

    const crossTenant = await as(member).post(`/api/v1/workspaces/${workspaceId}/cases`, { ...validCase, resourceTenantId: TENANT_B }).expect(201);
    expect(crossTenant.body).toMatchObject({ requestTenantId: TENANT_A, resourceTenantId: TENANT_B });
  });

  it('is visible to the workspace members, the assigned engineer and the contract CSAM/AC only (others: 404)', async () => {
    for (const user of [member, admin, engineer, csam, coordinator]) await as(user).get(`/api/v1/cases/${caseId}`).expect(200);
    for (const user of [otherEngineer, outsider, otherCsam, manager, person('Nobody', { tenantId: TENANT_A })]) {
      const response = await as(user).get(`/api/v1/cases/${caseId}`).expect(404);
      expect(response.body.code).toBe('CASE_NOT_FOUND');
    }
    await as(csam).get(`/api/v1/workspaces/${workspaceId}/cases`).expect(200);
    expect((await as(outsider).get(`/api/v1/workspaces/${workspaceId}/cases`).expect(404)).body.code).toBe('WORKSPACE_NOT_FOUND');
    expect((await as(member).get(`/api/v1/workspaces/${otherWorkspaceId}/cases`).expect(404)).body.code).toBe('WORKSPACE_NOT_FOUND');
    const list = await as(member).get(`/api/v1/workspaces/${workspaceId}/cases?status=open`).expect(200);
    expect(list.body.items.map((item: { id: string }) => item.id)).toContain(caseId);
    expect((await as(outsider).get(`/api/v1/workspaces/${otherWorkspaceId}/cases`).expect(200)).body.items).toEqual([]);
    const queue = await as(engineer).get('/api/v1/cases?status=open').expect(200);
    expect(queue.body.items.map((item: { id: string }) => item.id)).toContain(caseId);
  });

  it('a former CSAM or AC (still named on the contract, vendor role gone) sees nothing of the workspace', async () => {
    const formerCsam: TestUser = { ...csam, roles: [] };
    const coordinatorAsCsam: TestUser = { ...coordinator, roles: ['csam'] };
    for (const user of [formerCsam, coordinatorAsCsam]) {
      expect((await as(user).get(`/api/v1/cases/${caseId}`).expect(404)).body.code).toBe('CASE_NOT_FOUND');
      expect((await as(user).get(`/api/v1/workspaces/${workspaceId}/cases`).expect(404)).body.code).toBe('WORKSPACE_NOT_FOUND');
      expect((await as(user).post(`/api/v1/workspaces/${workspaceId}/cases`, validCase).expect(404)).body.code).toBe('WORKSPACE_NOT_FOUND');
    }
  });

  it('only members open cases in their workspace', async () => {
    expect((await as(outsider).post(`/api/v1/workspaces/${workspaceId}/cases`, validCase).expect(404)).body.code).toBe('WORKSPACE_NOT_FOUND');
    expect((await as(csam).post(`/api/v1/workspaces/${workspaceId}/cases`, validCase).expect(403)).body.code).toBe('MEMBERSHIP_REQUIRED');
    await as(engineer).post(`/api/v1/workspaces/${workspaceId}/cases`, validCase).expect(404);
    await as(member).post(`/api/v1/workspaces/${randomUUID()}/cases`, validCase).expect(404);
    expect((await as(member).post('/api/v1/workspaces/no-such-workspace/cases', validCase).expect(400)).body.details).toEqual([expect.objectContaining({ field: 'id', rule: 'format' })]);
  });

  it('members change consent and description while the case is open; nobody else does', async () => {
    const changed = await as(member).patch(`/api/v1/cases/${caseId}`, { allowAdvancedDiagnostics: false, description: 'Since Monday 9:00' }).expect(200);
    expect(changed.body).toMatchObject({ allowAdvancedDiagnostics: false, description: 'Since Monday 9:00', revision: 3 });
    const event = await eventually(() => tap.of('case.consent-changed', (candidate) => candidate.data.caseId === caseId)[0], { what: 'case.consent-changed' });
    expect(event.data).toMatchObject({ allowAdvancedDiagnostics: false, changedBy: member.id, revision: 3 });
    const described = await as(admin).patch(`/api/v1/cases/${caseId}`, { description: 'Only description' }).expect(200);
    expect(described.body).toMatchObject({ description: 'Only description', revision: 3 });

    for (const user of [engineer, csam]) {
      expect((await as(user).patch(`/api/v1/cases/${caseId}`, { allowAdvancedDiagnostics: true }).expect(403)).body.code).toBe('CASE_ACTION_FORBIDDEN');
    }
    await as(outsider).patch(`/api/v1/cases/${caseId}`, { allowAdvancedDiagnostics: true }).expect(404);
    expect((await as(member).patch(`/api/v1/cases/${caseId}`, {}).expect(400)).body.code).toBe('EMPTY_UPDATE');
    expect((await as(member).patch(`/api/v1/cases/${caseId}`, { status: 'closed' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await as(member).patch(`/api/v1/cases/${caseId}`, { assignedEngineerId: member.id }).expect(400)).body.code).toBe('VALIDATION_FAILED');
  });

  it('the assigned engineer or a workspace admin closes; a closed case is reopened without consent', async () => {
    expect((await as(member).post(`/api/v1/cases/${caseId}/close`).expect(403)).body.code).toBe('CASE_ACTION_FORBIDDEN');
    expect((await as(csam).post(`/api/v1/cases/${caseId}/close`).expect(403)).body.code).toBe('CASE_ACTION_FORBIDDEN');
    await as(otherEngineer).post(`/api/v1/cases/${caseId}/close`).expect(404);
    await as(member).patch(`/api/v1/cases/${caseId}`, { allowAdvancedDiagnostics: true }).expect(200);

    const closed = await as(admin).post(`/api/v1/cases/${caseId}/close`).expect(200);
    expect(closed.body).toMatchObject({ status: 'closed', closedBy: admin.id, closedAt: expect.any(String) });
    expect((await as(engineer).post(`/api/v1/cases/${caseId}/close`).expect(409)).body.code).toBe('CASE_CLOSED');
    expect((await as(member).patch(`/api/v1/cases/${caseId}`, { description: 'x' }).expect(409)).body.code).toBe('CASE_CLOSED');
    const closedEvent = await eventually(() => tap.of('case.closed', (event) => event.data.caseId === caseId)[0], { what: 'case.closed' });
    expect(closedEvent.data).toMatchObject({ status: 'closed', closedBy: admin.id, revision: closed.body.revision, workspaceId, severity: 'A' });

    await as(outsider).post(`/api/v1/cases/${caseId}/reopen`).expect(404);
    const reopened = await as(member).post(`/api/v1/cases/${caseId}/reopen`).expect(200);
    expect(reopened.body).toMatchObject({ status: 'open', allowAdvancedDiagnostics: false, assignedEngineerId: engineer.id, closedAt: null });
    expect((await as(member).post(`/api/v1/cases/${caseId}/reopen`).expect(409)).body.code).toBe('CASE_NOT_CLOSED');
    const reopenedEvent = await eventually(() => tap.of('case.reopened', (event) => event.data.caseId === caseId)[0], { what: 'case.reopened' });
    expect(reopenedEvent.data.revision).toBe(closed.body.revision + 1);
    // Revisions only grow, one per event.
    const revisions = tap.events.filter((event) => (event.data as { caseId?: string }).caseId === caseId).map((event) => (event.data as { revision: number }).revision);
    expect(revisions).toEqual([...revisions].sort((a, b) => a - b));
    expect(new Set(revisions).size).toBe(revisions.length);
  });

  it('a removed member loses the workspace cases; a stale re-add does not bring them back', async () => {
    const leaving = person('Lea Leaving', { tenantId: TENANT_A });
    const contractId = 'contract-of-test';
    await hub.addMember(workspaceId, contractId, leaving, 'member');
    await hub.awaitMembership(workspaceId, leaving);
    await as(leaving).get(`/api/v1/cases/${caseId}`).expect(200);
    await hub.removeMember(workspaceId, leaving);
    await eventually(async () => (await as(leaving).get(`/api/v1/cases/${caseId}`)).status === 404, { what: 'the removal to apply' });
    // A member-added older than the removal, delivered late.
    await hub.publish('workspace.member-added', { workspaceId, contractId, userId: leaving.id, email: leaving.email, role: 'member', permissions: [], revision: 1 });
    await hub.addMember(otherWorkspaceId, contractId, leaving, 'member');
    await hub.awaitMembership(otherWorkspaceId, leaving);
    await as(leaving).get(`/api/v1/cases/${caseId}`).expect(404);
  });

  it('refuses bad input when opening, storing nothing', async () => {
    const before = (await as(member).get(`/api/v1/workspaces/${workspaceId}/cases?limit=100`).expect(200)).body.items.length;
    const bodies: [object, string][] = [
      [{ ...validCase, severity: 'D' }, 'VALIDATION_FAILED'],
      [{ ...validCase, status: 'closed' }, 'VALIDATION_FAILED'],
      [{ ...validCase, assignedEngineerId: engineer.id }, 'VALIDATION_FAILED'],
      [{ ...validCase, workspaceId: otherWorkspaceId }, 'VALIDATION_FAILED'],
      [{ ...validCase, title: { $gt: '' } }, 'OPERATOR_NOT_ALLOWED'],
      [{ ...validCase, allowAdvancedDiagnostics: 'yes' }, 'VALIDATION_FAILED'],
      [{ ...validCase, title: ' ' }, 'VALIDATION_FAILED'],
      [{ ...validCase, title: 'x'.repeat(201) }, 'VALIDATION_FAILED'],
      [{ ...validCase, resourceTenantId: '../other' }, 'VALIDATION_FAILED'],
      [{ description: 'no title', severity: 'A', productArea: 'identity', allowAdvancedDiagnostics: true }, 'VALIDATION_FAILED'],
    ];
    for (const [body, code] of bodies) {
      const response = await as(member).post(`/api/v1/workspaces/${workspaceId}/cases`, body);
      expect({ body, status: response.status, code: response.body.code }).toEqual({ body, status: 400, code });
    }
    for (const query of ['limit=101', 'limit=0', 'status=pending', 'cursor=not!valid', '$where=1', 'cursor=WyJub3QtYS1kYXRlIiwieCJd']) {
      const response = await as(member).get(`/api/v1/workspaces/${workspaceId}/cases?${query}`);
      expect({ query, status: response.status }).toEqual({ query, status: 400 });
    }
    expect((await as(member).get(`/api/v1/workspaces/${workspaceId}/cases?limit=100`).expect(200)).body.items).toHaveLength(before);
  });

  it('pages through a workspace case list', async () => {
    const all = (await as(member).get(`/api/v1/workspaces/${workspaceId}/cases?limit=100`).expect(200)).body.items;
    expect(all.length).toBeGreaterThanOrEqual(2);
    const first = await as(member).get(`/api/v1/workspaces/${workspaceId}/cases?limit=1`).expect(200);
    const second = await as(member).get(`/api/v1/workspaces/${workspaceId}/cases?limit=1&cursor=${first.body.nextCursor}`).expect(200);
    expect([first.body.items[0].id, second.body.items[0].id]).toEqual([all[0].id, all[1].id]);
  });

  it('engineer directory: support managers only, strict input', async () => {
    const newcomer = person('Nina Newcomer', { roles: ['support-engineer'], tenantId: VENDOR_TENANT });
    const body = { userId: newcomer.id, name: newcomer.name, email: newcomer.email, expertise: ['Networking'] };
    for (const user of [engineer, csam, member]) {
      expect((await as(user).post('/api/v1/engineers', body).expect(403)).body.code).toBe('ROLE_REQUIRED');
      await as(user).get('/api/v1/engineers').expect(403);
      await as(user).patch(`/api/v1/engineers/${engineer.id}`, { active: false }).expect(403);
    }
    await hub.case().get('/api/v1/engineers').expect(401);
    const created = await as(manager).post('/api/v1/engineers', body).expect(201);
    expect(created.body).toMatchObject({ id: newcomer.id, userId: newcomer.id, expertise: ['Networking'], active: true, openCases: 0 });
    expect((await as(manager).post('/api/v1/engineers', body).expect(409)).body.code).toBe('ENGINEER_ALREADY_REGISTERED');
    expect((await as(manager).patch('/api/v1/engineers/nobody', { active: false }).expect(404)).body.code).toBe('ENGINEER_NOT_FOUND');
    const bad: object[] = [
      { ...body, userId: 'other', email: 'not-an-email' },
      { ...body, userId: 'other', expertise: 'Networking' },
      { ...body, userId: 'other', expertise: Array.from({ length: 51 }, (_, index) => `area-${index}`) },
      { ...body, userId: 'other', openCases: 0 },
      { ...body, userId: { $ne: null } },
    ];
    for (const candidate of bad) expect((await as(manager).post('/api/v1/engineers', candidate)).status).toBe(400);
    await as(manager).patch(`/api/v1/engineers/${newcomer.id}`, { openCases: 5 }).expect(400);
    await as(manager).patch(`/api/v1/engineers/${newcomer.id}`, {}).expect(400);
    const listed = await as(manager).get('/api/v1/engineers?limit=100').expect(200);
    expect(listed.body.items.map((item: { id: string }) => item.id)).toEqual(expect.arrayContaining([engineer.id, otherEngineer.id, newcomer.id]));
  });
});
