// Personal accounts on a Unified workspace, through HTTP and the bus (workspace + invitation
// services): while the CSAM/AC allow them a Personal member uses the workspace like anyone; with
// the policy off every route of the workspace answers 403 PERSONAL_ACCOUNT_NOT_ALLOWED to them and
// the members list shows them suspended; turning it on restores them. Work accounts never notice.
import { eventually } from '@support-hub/testing';
import { HubHarness, person, VENDOR_TENANT, type TestUser } from './support/hub.harness';

describe('Personal accounts on a Unified workspace', () => {
  let hub: HubHarness;
  const csam = person('Carla CSAM', { roles: ['csam'], tenantId: VENDOR_TENANT });
  const admin = person('Ada Admin');
  const worker = person('Will Work Account');
  const personal = person('Pat Personal', { personal: true });
  let workspaceId: string;
  let otherWorkspaceId: string;
  let pendingInvitationId: string;

  const api = (user: TestUser) => ({
    get: (path: string) => hub.workspace().get(`/api/v1${path}`).set('authorization', hub.bearer(user)),
    post: (path: string, body?: object) => hub.workspace().post(`/api/v1${path}`).set('authorization', hub.bearer(user)).send(body ?? {}),
    patch: (path: string, body: object) => hub.workspace().patch(`/api/v1${path}`).set('authorization', hub.bearer(user)).send(body),
    delete: (path: string) => hub.workspace().delete(`/api/v1${path}`).set('authorization', hub.bearer(user)),
  });
  const invitations = (user: TestUser) => ({
    list: () => hub.invitation().get(`/api/v1/workspaces/${workspaceId}/invitations`).set('authorization', hub.bearer(user)),
    create: (email: string) => hub.invitation().post(`/api/v1/workspaces/${workspaceId}/invitations`).set('authorization', hub.bearer(user)).send({ email, role: 'member' }),
    resend: (id: string) => hub.invitation().post(`/api/v1/invitations/${id}/resend`).set('authorization', hub.bearer(user)).send(),
    revoke: (id: string) => hub.invitation().delete(`/api/v1/invitations/${id}`).set('authorization', hub.bearer(user)),
  });
  const setPolicy = (allow: boolean) => api(csam).patch(`/workspaces/${workspaceId}/settings`, { allowPersonalAccounts: allow }).expect(200);
  const memberRow = async (viewer: TestUser, user: TestUser) =>
    (await api(viewer).get(`/workspaces/${workspaceId}/members?limit=100`).expect(200)).body.items.find((item: { userId: string }) => item.userId === user.id);

  const listedAs = async (user: TestUser) =>
    (await api(user).get('/workspaces?limit=100').expect(200)).body.items.find((item: { id: string }) => item.id === workspaceId);

  /** Every workspace-service route of the workspace, as `user` calls it. */
  const workspaceRoutes = (user: TestUser) => [
    ['GET workspace', () => api(user).get(`/workspaces/${workspaceId}`)],
    ['GET members', () => api(user).get(`/workspaces/${workspaceId}/members`)],
    ['PATCH member', () => api(user).patch(`/workspaces/${workspaceId}/members/${worker.id}`, { permissions: ['customerActivity'] })],
    ['DELETE member', () => api(user).delete(`/workspaces/${workspaceId}/members/${user.id}`)],
    ['PATCH settings', () => api(user).patch(`/workspaces/${workspaceId}/settings`, { allowPersonalAccounts: true })],
    ['POST services', () => api(user).post(`/workspaces/${workspaceId}/services`, { services: ['workshops'] })],
    ['GET activity', () => api(user).get(`/activity?workspaces=${workspaceId}`)],
  ] as const;
  const invitationRoutes = (user: TestUser) => [
    ['GET invitations', () => invitations(user).list()],
    ['POST invitation', () => invitations(user).create(person('Someone').email)],
    ['POST resend', () => invitations(user).resend(pendingInvitationId)],
    ['DELETE invitation', () => invitations(user).revoke(pendingInvitationId)],
  ] as const;
  const outcomes = async (routes: readonly (readonly [string, () => PromiseLike<{ status: number; body: { code?: string } }>])[]) => {
    const seen: Record<string, string> = {};
    for (const [name, call] of routes) {
      const response = await call();
      seen[name] = `${response.status} ${response.body.code ?? ''}`.trim();
    }
    return seen;
  };

  beforeAll(async () => {
    hub = await HubHarness.start();
    ({ workspaceId } = await hub.activeContract(csam, admin, [worker]));
    ({ workspaceId: otherWorkspaceId } = await hub.activeContract(person('Oscar CSAM', { roles: ['csam'], tenantId: VENDOR_TENANT }), person('Olga Admin')));
    await setPolicy(true);
    await hub.invitation().post(`/api/v1/workspaces/${workspaceId}/invitations`).set('authorization', hub.bearer(admin)).send({ email: personal.email, role: 'admin' }).expect(201);
    const { token } = await hub.nextMailTo(personal.email);
    await eventually(async () => (await hub.invitation().post('/api/v1/invitations/accept').set('authorization', hub.bearer(personal)).send({ token })).status === 200, {
      what: 'the policy to reach the invitation service',
    });
    await hub.awaitMembership(personal, workspaceId);
    await hub.awaitInvitationRights(personal, workspaceId);
    pendingInvitationId = (await invitations(admin).create(person('Pending Invitee').email).expect(201)).body.id;
  });

  afterAll(async () => {
    await hub?.stop();
  });

  it('while allowed, a Personal member uses the workspace like anyone, and is listed as not suspended', async () => {
    await api(personal).get(`/workspaces/${workspaceId}`).expect(200);
    await api(personal).get(`/activity?workspaces=${workspaceId}`).expect(200);
    await invitations(personal).list().expect(200);
    expect(await memberRow(admin, personal)).toMatchObject({ personalAccount: true, suspended: false, role: 'admin' });
    expect(await memberRow(admin, worker)).toMatchObject({ personalAccount: false, suspended: false });
    // Allowed or not, the policy is the CSAM's: a Personal admin cannot change it.
    expect((await api(personal).patch(`/workspaces/${workspaceId}/settings`, { allowPersonalAccounts: false }).expect(403)).body.code).toBe('CONTRACT_MANAGER_REQUIRED');
  });

  it('policy off: every route of the workspace answers 403 PERSONAL_ACCOUNT_NOT_ALLOWED to the Personal member, who is listed as suspended', async () => {
    await setPolicy(false);
    const refused = 'PERSONAL_ACCOUNT_NOT_ALLOWED';
    expect(await outcomes(workspaceRoutes(personal))).toEqual(Object.fromEntries(workspaceRoutes(personal).map(([name]) => [name, `403 ${refused}`])));
    // The invitation service hears of the policy over the bus.
    await eventually(async () => (await invitations(personal).list()).body.code === refused, { what: 'the policy to reach the invitation service' });
    expect(await outcomes(invitationRoutes(personal))).toEqual(Object.fromEntries(invitationRoutes(personal).map(([name]) => [name, `403 ${refused}`])));
    expect((await api(personal).get(`/workspaces/${workspaceId}`)).body.message).toMatch(/work or school account/);

    // Still a member: listed, suspended, and nothing about them changed.
    expect(await memberRow(admin, personal)).toMatchObject({ personalAccount: true, suspended: true, role: 'admin' });
    expect(await memberRow(csam, worker)).toMatchObject({ suspended: false });
    // My workspaces still list it, marked; "all my workspaces" in Customer Activity leaves it out.
    expect(await listedAs(personal)).toMatchObject({ id: workspaceId, role: 'admin', suspended: true });
    expect(await listedAs(worker)).not.toHaveProperty('suspended');
    const all = await api(personal).get('/activity').expect(200);
    expect(all.body.workspaces.map((workspace: { id: string }) => workspace.id)).not.toContain(workspaceId);
  });

  it('policy off: work accounts and the CSAM are not affected', async () => {
    await api(worker).get(`/workspaces/${workspaceId}`).expect(200);
    await api(admin).get(`/workspaces/${workspaceId}/members`).expect(200);
    await api(admin).get(`/activity?workspaces=${workspaceId}`).expect(200);
    await api(csam).get(`/workspaces/${workspaceId}`).expect(200);
    await invitations(admin).list().expect(200);
    await invitations(admin).resend(pendingInvitationId).expect(200);
  });

  it('the 403 never leaks another workspace: outside their workspaces a Personal account gets 404; bad ids and fields 400', async () => {
    expect((await api(personal).get(`/workspaces/${otherWorkspaceId}`).expect(404)).body.code).toBe('WORKSPACE_NOT_FOUND');
    expect((await api(personal).get(`/workspaces/${otherWorkspaceId}/members`).expect(404)).body.code).toBe('WORKSPACE_NOT_FOUND');
    expect((await hub.invitation().get(`/api/v1/workspaces/${otherWorkspaceId}/invitations`).set('authorization', hub.bearer(personal)).expect(404)).body.code).toBe('WORKSPACE_NOT_FOUND');
    await api(personal).get('/workspaces/not-a-uuid').expect(400);
    await api(personal).get('/workspaces/not-a-uuid/members').expect(400);
    await api(csam).patch(`/workspaces/${workspaceId}/settings`, { allowPersonalAccounts: true, suspendMembers: false }).expect(400);
    await api(csam).patch(`/workspaces/${workspaceId}/settings`, { allowPersonalAccounts: 'sometimes' }).expect(400);
  });

  it('policy on again: the Personal member is restored everywhere, with their role unchanged', async () => {
    await setPolicy(true);
    await api(personal).get(`/workspaces/${workspaceId}`).expect(200);
    await api(personal).get(`/workspaces/${workspaceId}/members`).expect(200);
    await api(personal).get(`/activity?workspaces=${workspaceId}`).expect(200);
    expect(await memberRow(admin, personal)).toMatchObject({ personalAccount: true, suspended: false, role: 'admin' });
    expect(await listedAs(personal)).not.toHaveProperty('suspended');
    await eventually(async () => (await invitations(personal).list()).status === 200, { what: 'the policy to reach the invitation service' });
    await invitations(personal).revoke(pendingInvitationId).expect(200);
    const all = await api(personal).get('/activity').expect(200);
    expect(all.body.workspaces.map((workspace: { id: string }) => workspace.id)).toContain(workspaceId);
  });
});
