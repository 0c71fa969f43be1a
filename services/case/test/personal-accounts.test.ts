// Personal accounts in the case service, from its copy of the workspace's policy (learned from
// workspace.created and workspace.settings-changed on the real bus): while allowed a Personal
// member opens and follows cases; with the policy off every case route of that workspace answers
// 403 PERSONAL_ACCOUNT_NOT_ALLOWED to them; on again, they are back. Work accounts never notice.
import { PERSONAL_ACCOUNT_TENANT_ID } from '@support-hub/auth';
import { eventually } from '@support-hub/testing';
import { person, SupportHarness, TENANT_A, VENDOR_TENANT, type TestUser } from '../../access/test/support/support-hub.harness';

describe('Personal accounts in the case service', () => {
  let hub: SupportHarness;
  const manager = person('Mia Manager', { roles: ['support-manager'], tenantId: VENDOR_TENANT });
  const engineer = person('Eli Engineer', { roles: ['support-engineer'], tenantId: VENDOR_TENANT });
  const csam = person('Carla CSAM', { roles: ['csam'], tenantId: VENDOR_TENANT });
  const admin = person('Ada Admin', { tenantId: TENANT_A });
  const worker = person('Will Work Account', { tenantId: TENANT_A });
  const personal = person('Pat Personal', { tenantId: PERSONAL_ACCOUNT_TENANT_ID });
  let workspaceId: string;
  let otherWorkspaceId: string;
  let personalCaseId: string;
  let closedCaseId: string;

  const as = (user: TestUser) => ({
    get: (path: string) => hub.case().get(`/api/v1${path}`).set('authorization', hub.bearer(user)),
    post: (path: string, body?: object) => hub.case().post(`/api/v1${path}`).set('authorization', hub.bearer(user)).send(body ?? {}),
    patch: (path: string, body: object) => hub.case().patch(`/api/v1${path}`).set('authorization', hub.bearer(user)).send(body),
  });
  const newCase = { title: 'Sign-ins fail', description: 'Since Monday', severity: 'C', productArea: 'identity', allowAdvancedDiagnostics: false };

  /** Every case route of the workspace, as `user` calls it. */
  const caseRoutes = (user: TestUser) => [
    ['POST case', () => as(user).post(`/workspaces/${workspaceId}/cases`, newCase)],
    ['GET cases', () => as(user).get(`/workspaces/${workspaceId}/cases`)],
    ['GET case', () => as(user).get(`/cases/${personalCaseId}`)],
    ['PATCH case', () => as(user).patch(`/cases/${personalCaseId}`, { description: 'More detail' })],
    ['POST close', () => as(user).post(`/cases/${personalCaseId}/close`)],
    ['POST reopen', () => as(user).post(`/cases/${closedCaseId}/reopen`)],
  ] as const;
  const outcomes = async (user: TestUser) => {
    const seen: Record<string, string> = {};
    for (const [name, call] of caseRoutes(user)) {
      const response = await call();
      seen[name] = `${response.status} ${response.body.code ?? ''}`.trim();
    }
    return seen;
  };
  const refusedEverywhere = Object.fromEntries(caseRoutes(personal).map(([name]) => [name, '403 PERSONAL_ACCOUNT_NOT_ALLOWED']));
  /** How many workspace.settings-changed the case service has handled, from its /metrics (a probe, not a sleep). */
  const settingsEventsHandled = async () => {
    const metrics = await hub.case().get('/metrics').expect(200);
    const line = metrics.text.split('\n').find((text) => text.startsWith('messaging_consumed_total{') && text.includes('type="workspace.settings-changed"') && text.includes('outcome="handled"'));
    return line ? Number(line.split(' ').pop()) : 0;
  };
  const seesCases = async (user: TestUser) => (await as(user).get(`/workspaces/${workspaceId}/cases`)).status;

  beforeAll(async () => {
    hub = await SupportHarness.start();
    workspaceId = await hub.workspace({ admins: [admin, personal], members: [worker], csam, allowPersonalAccounts: true });
    otherWorkspaceId = await hub.workspace({ admins: [person('Olga Other', { tenantId: TENANT_A })] });
    await hub.registerEngineer(manager, engineer, ['Identity']);
  });

  afterAll(async () => {
    await hub?.stop();
  });

  it('while allowed, a Personal member opens, reads, describes, closes and reopens cases', async () => {
    personalCaseId = (await as(personal).post(`/workspaces/${workspaceId}/cases`, newCase).expect(201)).body.id;
    await as(personal).get(`/cases/${personalCaseId}`).expect(200);
    await as(personal).patch(`/cases/${personalCaseId}`, { description: 'Still failing' }).expect(200);
    closedCaseId = (await as(personal).post(`/workspaces/${workspaceId}/cases`, newCase).expect(201)).body.id;
    await as(personal).post(`/cases/${closedCaseId}/close`).expect(200);
    await as(personal).post(`/cases/${closedCaseId}/reopen`).expect(200);
    await as(admin).post(`/cases/${closedCaseId}/close`).expect(200);
  });

  it('policy off (workspace.settings-changed): every case route answers 403 PERSONAL_ACCOUNT_NOT_ALLOWED to the Personal member', async () => {
    await hub.changePersonalAccountPolicy(workspaceId, false);
    await eventually(async () => (await seesCases(personal)) === 403, { what: 'the policy to reach the case service' });
    expect(await outcomes(personal)).toEqual(refusedEverywhere);
    const refused = await as(personal).get(`/cases/${personalCaseId}`);
    expect(refused.body.message).toMatch(/work or school account/);
    // Nothing was done on their behalf.
    expect((await as(admin).get(`/cases/${personalCaseId}`).expect(200)).body).toMatchObject({ status: 'open', description: 'Still failing' });
  });

  it('policy off: work accounts, the CSAM and the engineer keep working on the same cases', async () => {
    await as(worker).get(`/cases/${personalCaseId}`).expect(200);
    await as(worker).patch(`/cases/${personalCaseId}`, { description: 'Seen by Will' }).expect(200);
    await as(worker).post(`/workspaces/${workspaceId}/cases`, newCase).expect(201);
    await as(csam).get(`/workspaces/${workspaceId}/cases`).expect(200);
    await as(engineer).get(`/cases/${personalCaseId}`).expect(200);
  });

  it('an older settings event arriving late changes nothing; another workspace is 404, not 403', async () => {
    // A replayed "allowed" of an earlier revision must not lift the suspension.
    const before = await settingsEventsHandled();
    await hub.publish('workspace.settings-changed', { workspaceId, allowPersonalAccounts: true, services: ['Proactive'], revision: 2 }, { workspaceId });
    await eventually(async () => (await settingsEventsHandled()) > before, { what: 'the case service to handle the late event' });
    expect((await as(personal).get(`/workspaces/${workspaceId}/cases`).expect(403)).body.code).toBe('PERSONAL_ACCOUNT_NOT_ALLOWED');
    expect((await as(personal).get(`/workspaces/${otherWorkspaceId}/cases`).expect(404)).body.code).toBe('WORKSPACE_NOT_FOUND');
    expect((await as(personal).post(`/workspaces/${otherWorkspaceId}/cases`, newCase).expect(404)).body.code).toBe('WORKSPACE_NOT_FOUND');
    await as(personal).post(`/workspaces/${workspaceId}/cases`, { ...newCase, priority: 'now' }).expect(400);
  });

  it('policy on again: the Personal member is back on every route', async () => {
    await hub.changePersonalAccountPolicy(workspaceId, true);
    await eventually(async () => (await seesCases(personal)) === 200, { what: 'the policy to reach the case service' });
    await as(personal).get(`/cases/${personalCaseId}`).expect(200);
    await as(personal).patch(`/cases/${personalCaseId}`, { description: 'Back again' }).expect(200);
    await as(personal).post(`/cases/${personalCaseId}/close`).expect(200);
    await as(personal).post(`/cases/${closedCaseId}/reopen`).expect(200);
    await as(personal).post(`/workspaces/${workspaceId}/cases`, newCase).expect(201);
  });
});
