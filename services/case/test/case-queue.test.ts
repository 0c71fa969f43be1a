// A support manager's unassigned queue and manual reassignment (the previous engineer's access
// ends, proved by the access service refusing their diagnostics read), and "my cases" for
// members and engineers, over HTTP, the real bus and both services.
import { randomUUID } from 'node:crypto';
import { eventually } from '@support-hub/testing';
import { EventTap } from '../../access/test/support/event-tap';
import { inTenant, person, SupportHarness, TENANT_A, VENDOR_TENANT, type TestUser } from '../../access/test/support/support-hub.harness';

describe('Unassigned queue, manual reassignment and my cases', () => {
  let hub: SupportHarness;
  let tap: EventTap;
  const manager = person('Mia Manager', { roles: ['support-manager'], tenantId: VENDOR_TENANT });
  const first = person('Fay First', { roles: ['support-engineer'], tenantId: VENDOR_TENANT });
  const second = person('Sam Second', { roles: ['support-engineer'], tenantId: VENDOR_TENANT });
  const sleeper = person('Ina Inactive', { roles: ['support-engineer'], tenantId: VENDOR_TENANT });
  const admin = person('Ada Admin', { tenantId: TENANT_A });
  const member = person('Bob Member', { tenantId: TENANT_A });
  const outsider = person('Olaf Outsider', { tenantId: TENANT_A });
  const area = `queue-${randomUUID().slice(0, 8)}`;
  let workspaceId: string;
  let otherWorkspaceId: string;

  beforeAll(async () => {
    hub = await SupportHarness.start();
    tap = await EventTap.open(hub.env.amqpUrl, hub.env.exchange, ['case.assigned', 'case.reassigned']);
    workspaceId = await hub.workspace({ admins: [admin], members: [member] });
    otherWorkspaceId = await hub.workspace({ admins: [outsider] });
    await hub.registerEngineer(manager, first, [area]);
    await hub.registerEngineer(manager, sleeper, [area], false);
  });

  afterAll(async () => {
    await tap?.close();
    await hub?.stop();
  });

  const as = (user: TestUser) => ({
    get: (path: string) => hub.case().get(path).set('authorization', hub.bearer(user)),
    assign: (caseId: string, body: object) => hub.case().post(`/api/v1/cases/${caseId}/assign`).set('authorization', hub.bearer(user)).send(body),
  });
  const idsOf = (response: { body: { items: { id: string }[] } }) => response.body.items.map((item) => item.id);

  it('the previous engineer’s diagnostics read is refused once a manager reassigns the case; the new engineer reads', async () => {
    await hub.registerEngineer(manager, second, [`elsewhere-${area}`]);
    const kase = await hub.openCase(member, workspaceId, { productArea: area, allowAdvancedDiagnostics: true });
    expect(kase.assignedEngineerId).toBe(first.id);
    await eventually(async () => (await hub.diagnostics(first, TENANT_A)).status === 200, { what: 'the consent grant of the first engineer' });

    const moved = await as(manager).assign(kase.id, { engineerId: second.id }).expect(200);
    expect(moved.body).toMatchObject({ id: kase.id, assignedEngineerId: second.id, revision: kase.revision + 1 });

    await eventually(async () => (await hub.diagnostics(first, TENANT_A)).status === 403, { what: 'the previous engineer to be refused' });
    expect((await hub.diagnostics(first, TENANT_A)).body).toMatchObject({ code: 'ACCESS_NOT_GRANTED' });
    await eventually(async () => (await hub.diagnostics(second, TENANT_A)).status === 200, { what: 'the new engineer to read by consent' });

    const reassigned = await eventually(() => tap.of('case.reassigned', (event) => event.data.caseId === kase.id)[0], { what: 'case.reassigned' });
    expect(reassigned).toMatchObject({ source: 'case', data: { assignedEngineerId: second.id, previousEngineerId: first.id, reassignedBy: manager.id, revision: kase.revision + 1 } });
    const assigned = await eventually(() => tap.of('case.assigned', (event) => event.data.caseId === kase.id && event.data.revision === kase.revision + 1)[0], { what: 'case.assigned' });
    expect(assigned.data.assignedEngineerId).toBe(second.id);

    // To the engineer who has it already: 409, nothing changed or announced.
    expect((await as(manager).assign(kase.id, { engineerId: second.id }).expect(409)).body.code).toBe('CASE_ALREADY_ASSIGNED');
    expect((await as(member).get(`/api/v1/cases/${kase.id}`).expect(200)).body.revision).toBe(kase.revision + 1);
    expect(tap.of('case.reassigned', (event) => event.data.caseId === kase.id)).toHaveLength(1);
  });

  it('refuses a reassignment by anyone but a support manager, to an unknown or inactive engineer, of a closed or unknown case', async () => {
    const kase = await hub.openCase(member, workspaceId, { productArea: area });
    for (const user of [member, admin, first, inTenant(manager, TENANT_A)]) {
      expect((await as(user).assign(kase.id, { engineerId: second.id }).expect(403)).body.code).toBe('ROLE_REQUIRED');
    }
    await hub.case().post(`/api/v1/cases/${kase.id}/assign`).send({ engineerId: second.id }).expect(401);
    expect((await as(manager).assign(randomUUID(), { engineerId: second.id }).expect(404)).body.code).toBe('CASE_NOT_FOUND');
    expect((await as(manager).assign(kase.id, { engineerId: 'nobody-registered' }).expect(404)).body.code).toBe('ENGINEER_NOT_FOUND');
    expect((await as(manager).assign(kase.id, { engineerId: sleeper.id }).expect(409)).body.code).toBe('ENGINEER_INACTIVE');
    await as(manager).assign('not-a-uuid', { engineerId: second.id }).expect(400);
    for (const body of [{}, { engineerId: second.id, revision: 9 }, { engineerId: { $ne: null } }, { engineerId: '../x' }, { engineerId: 7 }]) {
      expect({ body, status: (await as(manager).assign(kase.id, body)).status }).toEqual({ body, status: 400 });
    }
    await hub.case().post(`/api/v1/cases/${kase.id}/close`).set('authorization', hub.bearer(admin)).expect(200);
    expect((await as(manager).assign(kase.id, { engineerId: second.id }).expect(409)).body.code).toBe('CASE_CLOSED');
    expect((await as(member).get(`/api/v1/cases/${kase.id}`).expect(200)).body.assignedEngineerId).toBe(first.id);
  });

  it('the unassigned queue lists open cases nobody holds, oldest first, paged, for support managers only', async () => {
    const nobodyArea = `nobody-${area}`;
    const waiting = [await hub.openCase(member, workspaceId, { productArea: nobodyArea }), await hub.openCase(outsider, otherWorkspaceId, { productArea: nobodyArea })];
    const held = await hub.openCase(member, workspaceId, { productArea: area });
    const queue = await as(manager).get('/api/v1/cases?assigned=none&limit=100').expect(200);
    expect(idsOf(queue)).toEqual(expect.arrayContaining(waiting.map((kase) => kase.id)));
    expect(idsOf(queue)).not.toContain(held.id);
    expect(queue.body.items.every((item: { status: string; assignedEngineerId: string | null }) => item.status === 'open' && item.assignedEngineerId === null)).toBe(true);
    const mine = idsOf(queue).filter((id) => waiting.some((kase) => kase.id === id));
    expect(mine).toEqual(waiting.map((kase) => kase.id)); // oldest first

    const one = await as(manager).get('/api/v1/cases?assigned=none&limit=1').expect(200);
    const next = await as(manager).get(`/api/v1/cases?assigned=none&limit=1&cursor=${one.body.nextCursor}`).expect(200);
    expect([...idsOf(one), ...idsOf(next)]).toEqual(idsOf(queue).slice(0, 2));
    expect(idsOf(await as(manager).get(`/api/v1/cases?assigned=none&workspaceId=${otherWorkspaceId}`).expect(200))).toEqual([waiting[1]!.id]);

    for (const user of [member, first, inTenant(manager, TENANT_A)]) {
      expect((await as(user).get('/api/v1/cases?assigned=none').expect(403)).body.code).toBe('ROLE_REQUIRED');
    }
    for (const query of ['assigned=some', 'assigned=none&workspaceId=not-a-uuid', 'assigned=none&limit=0', 'assigned=none&assigned=none', 'assigned[$ne]=x']) {
      expect({ query, status: (await as(manager).get(`/api/v1/cases?${query}`)).status }).toEqual({ query, status: 400 });
    }

    // Assigned by hand, a case leaves the queue.
    await as(manager).assign(waiting[0]!.id, { engineerId: first.id }).expect(200);
    expect(idsOf(await as(manager).get('/api/v1/cases?assigned=none&limit=100').expect(200))).not.toContain(waiting[0]!.id);
  });

  it('my cases: a member lists the cases of their workspaces, an engineer those assigned to them; filters and bad input', async () => {
    const both = person('Wanda Two Workspaces', { tenantId: TENANT_A });
    const contractId = randomUUID();
    await hub.addMember(workspaceId, contractId, both, 'member');
    await hub.addMember(otherWorkspaceId, contractId, both, 'member');
    await hub.awaitMembership(workspaceId, both);
    await hub.awaitMembership(otherWorkspaceId, both);
    const here = await hub.openCase(member, workspaceId, { productArea: area });
    const there = await hub.openCase(outsider, otherWorkspaceId, { productArea: area });

    const mine = idsOf(await as(both).get('/api/v1/cases?limit=100').expect(200));
    expect(mine).toEqual(expect.arrayContaining([here.id, there.id]));
    const memberCases = idsOf(await as(member).get('/api/v1/cases?limit=100').expect(200));
    expect(memberCases).toContain(here.id);
    expect(memberCases).not.toContain(there.id);
    const narrowed = await as(both).get(`/api/v1/cases?workspaceId=${otherWorkspaceId}&limit=100`).expect(200);
    expect(idsOf(narrowed)).toContain(there.id);
    expect(idsOf(narrowed)).not.toContain(here.id);
    expect((await as(member).get(`/api/v1/cases?workspaceId=${otherWorkspaceId}`).expect(404)).body.code).toBe('WORKSPACE_NOT_FOUND');

    // An engineer: the cases assigned to them in any workspace, and only those.
    const assigned = idsOf(await as(first).get('/api/v1/cases?limit=100').expect(200));
    for (const kase of [here, there]) expect(assigned.includes(kase.id)).toBe(kase.assignedEngineerId === first.id);
    const engineerCases = await as(second).get('/api/v1/cases?limit=100').expect(200);
    expect(engineerCases.body.items.every((item: { assignedEngineerId: string }) => item.assignedEngineerId === second.id)).toBe(true);
    // The engineer's id and role in a customer tenant's token is nobody's queue.
    expect(idsOf(await as(inTenant(first, TENANT_A)).get('/api/v1/cases?limit=100').expect(200))).toEqual([]);

    await hub.case().post(`/api/v1/cases/${here.id}/close`).set('authorization', hub.bearer(admin)).expect(200);
    expect(idsOf(await as(both).get('/api/v1/cases?status=closed&limit=100').expect(200))).toContain(here.id);
    expect(idsOf(await as(both).get('/api/v1/cases?status=open&limit=100').expect(200))).not.toContain(here.id);
    const page = await as(both).get('/api/v1/cases?limit=1').expect(200);
    const rest = await as(both).get(`/api/v1/cases?limit=100&cursor=${page.body.nextCursor}`).expect(200);
    expect([...idsOf(page), ...idsOf(rest)]).toEqual(mine);

    // Unknown query parameters are ignored on every route (the validation pipe's rule); bad values are not.
    for (const query of ['status=pending', 'workspaceId=not-a-uuid', 'workspaceId[$ne]=x', 'cursor=not!valid', 'limit=101']) {
      expect({ query, status: (await as(both).get(`/api/v1/cases?${query}`)).status }).toEqual({ query, status: 400 });
    }
  });
});
