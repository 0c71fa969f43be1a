// Who may call what, for every route of the workspace and invitation services: anonymous
// callers get 401 everywhere (deny by default), another workspace's admin and another
// contract's CSAM get 404 (nothing is confirmable), members and admins what the product gives
// them. The contract's own CSAM signed in with a customer tenant's token ("right role, wrong
// tenant": `csam` claimed where it does not count) is nobody to the contract: 403 where a route
// needs the role, 404 where it needs the relation. And bad input: unknown properties, `$`-operators, oversized pages → 400, nothing stored.
import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { contractBody, CUSTOMER_TENANT, HubHarness, person, VENDOR_TENANT, type TestUser } from './support/hub.harness';

type Role = 'anonymous' | 'member' | 'admin' | 'otherAdmin' | 'otherCsam' | 'csam' | 'csamWrongTenant';
const ROLES: Role[] = ['anonymous', 'member', 'admin', 'otherAdmin', 'otherCsam', 'csam', 'csamWrongTenant'];

interface Route {
  name: string;
  service: 'workspace' | 'invitation';
  method: 'get' | 'post' | 'patch' | 'delete';
  path: () => string;
  body?: () => object;
  /** Expected status per role; a role not listed must not get a 2xx. */
  expect: Partial<Record<Role, number>>;
}

describe('Access matrix and input hardening', () => {
  let hub: HubHarness;
  const csam = person('Carla CSAM', { roles: ['csam'], tenantId: VENDOR_TENANT });
  const otherCsam = person('Otto CSAM', { roles: ['csam'], tenantId: VENDOR_TENANT });
  const admin = person('Ada Admin');
  const member = person('Bob Member');
  const spare = person('Sid Spare');
  const otherAdmin = person('Zed Other');
  // Carla's own id and role, in a token of the customer's tenant.
  const csamWrongTenant: TestUser = { ...csam, tenantId: CUSTOMER_TENANT };
  let contractId: string;
  let workspaceId: string;
  let invitationId: string;
  const users = (): Record<Exclude<Role, 'anonymous'>, TestUser> => ({ member, admin, otherAdmin, otherCsam, csam, csamWrongTenant });

  beforeAll(async () => {
    hub = await HubHarness.start();
    ({ contractId, workspaceId } = await hub.activeContract(csam, admin, [member, spare]));
    await hub.activeContract(otherCsam, otherAdmin);
    await hub.awaitInvitationRights(admin, workspaceId);
    const invited = await hub
      .invitation()
      .post(`/api/v1/workspaces/${workspaceId}/invitations`)
      .set('authorization', hub.bearer(csam))
      .send({ email: 'pending@contoso.com', role: 'member' })
      .expect(201);
    invitationId = invited.body.id;
  });

  afterAll(async () => {
    await hub?.stop();
  });

  const routes: Route[] = [
    {
      name: 'create contract',
      service: 'workspace',
      method: 'post',
      path: () => '/contracts',
      body: () => contractBody({ customerName: `Draft ${randomUUID().slice(0, 8)}` }, { admin }),
      // A vendor role: 403 ROLE_REQUIRED, which names no object. A draft contract is harmless.
      expect: { csamWrongTenant: 403, member: 403, admin: 403, otherAdmin: 403, csam: 201, otherCsam: 201 },
    },
    { name: 'GET contract', service: 'workspace', method: 'get', path: () => `/contracts/${contractId}`, expect: { csamWrongTenant: 404, member: 404, admin: 404, otherAdmin: 404, otherCsam: 404, csam: 200 } },
    { name: 'activate contract', service: 'workspace', method: 'post', path: () => `/contracts/${contractId}/activate`, expect: { csamWrongTenant: 404, member: 404, admin: 404, otherAdmin: 404, otherCsam: 404, csam: 409 } },
    {
      name: 'create workspace',
      service: 'workspace',
      method: 'post',
      path: () => `/contracts/${contractId}/workspaces`,
      body: () => ({ name: `Team ${randomUUID().slice(0, 8)}`, purpose: 'x', adminEmail: 'team@contoso.com' }),
      expect: { csamWrongTenant: 404, member: 404, admin: 404, otherAdmin: 404, otherCsam: 404, csam: 201 },
    },
    { name: 'GET workspaces (mine)', service: 'workspace', method: 'get', path: () => '/workspaces', expect: { csamWrongTenant: 200, csam: 200, member: 200, admin: 200, otherAdmin: 200, otherCsam: 200 } },
    { name: 'GET workspace', service: 'workspace', method: 'get', path: () => `/workspaces/${workspaceId}`, expect: { csamWrongTenant: 404, csam: 200, member: 200, admin: 200, otherAdmin: 404, otherCsam: 404 } },
    {
      name: 'PATCH settings',
      service: 'workspace',
      method: 'patch',
      path: () => `/workspaces/${workspaceId}/settings`,
      body: () => ({ allowPersonalAccounts: false }),
      expect: { csamWrongTenant: 404, member: 403, admin: 403, otherAdmin: 404, otherCsam: 404, csam: 200 },
    },
    {
      name: 'POST services',
      service: 'workspace',
      method: 'post',
      path: () => `/workspaces/${workspaceId}/services`,
      body: () => ({ services: ['workshops'] }),
      expect: { csamWrongTenant: 404, member: 403, admin: 403, otherAdmin: 404, otherCsam: 404, csam: 200 },
    },
    { name: 'GET members', service: 'workspace', method: 'get', path: () => `/workspaces/${workspaceId}/members`, expect: { csamWrongTenant: 404, csam: 200, member: 200, admin: 200, otherAdmin: 404, otherCsam: 404 } },
    {
      name: 'PATCH member',
      service: 'workspace',
      method: 'patch',
      path: () => `/workspaces/${workspaceId}/members/${member.id}`,
      body: () => ({ permissions: [] }),
      expect: { csamWrongTenant: 404, member: 403, otherAdmin: 404, otherCsam: 404, admin: 200, csam: 200 },
    },
    {
      name: 'DELETE member',
      service: 'workspace',
      method: 'delete',
      path: () => `/workspaces/${workspaceId}/members/${spare.id}`,
      // The admin's call removes Sid; the CSAM's, after it, finds no such member any more.
      expect: { csamWrongTenant: 404, member: 403, otherAdmin: 404, otherCsam: 404, admin: 204, csam: 404 },
    },
    { name: 'GET activity', service: 'workspace', method: 'get', path: () => `/activity?workspaces=${workspaceId}`, expect: { csamWrongTenant: 404, csam: 200, member: 403, admin: 200, otherAdmin: 404, otherCsam: 404 } },
    {
      name: 'POST invitation',
      service: 'invitation',
      method: 'post',
      path: () => `/workspaces/${workspaceId}/invitations`,
      body: () => ({ email: `${randomUUID().slice(0, 8)}@contoso.com`, role: 'member' }),
      expect: { csamWrongTenant: 404, member: 403, otherAdmin: 404, otherCsam: 404, admin: 201, csam: 201 },
    },
    { name: 'GET invitations', service: 'invitation', method: 'get', path: () => `/workspaces/${workspaceId}/invitations`, expect: { csamWrongTenant: 404, csam: 200, member: 403, admin: 200, otherAdmin: 404, otherCsam: 404 } },
    { name: 'resend invitation', service: 'invitation', method: 'post', path: () => `/invitations/${invitationId}/resend`, expect: { csamWrongTenant: 404, member: 403, otherAdmin: 404, otherCsam: 404, admin: 200, csam: 200 } },
    { name: 'revoke invitation', service: 'invitation', method: 'delete', path: () => `/invitations/${invitationId}`, expect: { csamWrongTenant: 404, member: 403, otherAdmin: 404, otherCsam: 404, admin: 200, csam: 409 } }, // the admin revoked it: a repeated action is 409
    { name: 'accept invitation', service: 'invitation', method: 'post', path: () => '/invitations/accept', body: () => ({ token: 'A'.repeat(43) }), expect: { csamWrongTenant: 404, csam: 404, member: 404, admin: 404, otherAdmin: 404, otherCsam: 404 } },
  ];

  const call = (route: Route, user: TestUser | null) => {
    const app = route.service === 'workspace' ? hub.workspaceApp : hub.invitationApp;
    let test = request(app.getHttpServer())[route.method](`/api/v1${route.path()}`);
    if (user) test = test.set('authorization', hub.bearer(user));
    return route.body ? test.send(route.body()) : test;
  };

  it.each(routes.map((route) => [route.name, route] as const))('%s', async (_name, route) => {
    const seen: Record<string, number> = {};
    // In the order the route lists them (denied callers first where a mutation could mask a leak).
    const order: Role[] = ['anonymous', ...(Object.keys(route.expect) as Role[])];
    expect(new Set(order)).toEqual(new Set(ROLES));
    for (const role of order) {
      const user = role === 'anonymous' ? null : users()[role];
      const response = await call(route, user);
      seen[role] = response.status;
      if (response.status >= 400) expect(response.body).toEqual(expect.objectContaining({ statusCode: response.status, code: expect.any(String), message: expect.any(String) }));
    }
    const expected: Record<string, number> = { anonymous: 401 };
    for (const role of ROLES) if (role !== 'anonymous') expected[role] = route.expect[role] ?? 404;
    expect(seen).toEqual(expected);
  });

  it('GET /workspaces lists only the caller\'s own workspaces', async () => {
    for (const [user, sees] of [[member, true], [admin, true], [csam, true], [otherAdmin, false], [otherCsam, false], [csamWrongTenant, false]] as const) {
      const response = await hub.workspace().get('/api/v1/workspaces?limit=100').set('authorization', hub.bearer(user)).expect(200);
      expect([user.name, response.body.items.some((item: { id: string }) => item.id === workspaceId)]).toEqual([user.name, sees]);
    }
  });

  it.each([
    ['workspace', () => hub.workspaceApp] as const,
    ['invitation', () => hub.invitationApp] as const,
  ])('every %s route documented in OpenAPI refuses an anonymous caller (deny by default)', async (_service, app) => {
    const http = (app() as NestFastifyApplication).getHttpServer();
    const docs = await request(http).get('/docs/json').expect(200);
    // Only health, metrics and the docs are public; everything under the API prefix needs a token.
    const apiPaths = Object.entries(docs.body.paths as Record<string, Record<string, unknown>>).filter(([path]) => path.startsWith('/api/v1/'));
    const operations = apiPaths.flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => ({ path: path.replace(/\{[^}]+\}/g, randomUUID()), method })),
    );
    expect(operations.length).toBeGreaterThan(3);
    for (const { path, method } of operations) {
      const response = await (request(http) as unknown as Record<string, (url: string) => request.Test>)[method](path).send({});
      expect([path, method, response.status]).toEqual([path, method, 401]);
    }
  });

  describe('bad input', () => {
    const authed = (service: 'workspace' | 'invitation', user: TestUser) => ({
      post: (path: string, body: unknown) => (service === 'workspace' ? hub.workspace() : hub.invitation()).post(`/api/v1${path}`).set('authorization', hub.bearer(user)).send(body as object),
      patch: (path: string, body: unknown) => (service === 'workspace' ? hub.workspace() : hub.invitation()).patch(`/api/v1${path}`).set('authorization', hub.bearer(user)).send(body as object),
      get: (path: string) => (service === 'workspace' ? hub.workspace() : hub.invitation()).get(`/api/v1${path}`).set('authorization', hub.bearer(user)),
    });

    it('unknown properties (mass assignment) are refused with 400 and nothing changes', async () => {
      const contract = {
        customerName: 'Mass Assign',
        customerTenantId: 'tenant-x',
        type: 'unified',
        startsAt: new Date(Date.now() + 86_400_000).toISOString(),
        endsAt: new Date(Date.now() + 400 * 86_400_000).toISOString(),
        serviceAdmin: { email: 'a@contoso.com', name: 'A' },
        supportContacts: [],
        services: [],
      };
      for (const extra of [{ status: 'active' }, { id: randomUUID() }, { defaultWorkspaceId: randomUUID() }, { serviceAdmin: { email: 'a@contoso.com', name: 'A', role: 'admin' } }]) {
        const response = await authed('workspace', csam).post('/contracts', { ...contract, ...extra }).expect(400);
        expect(response.body.code).toBe('VALIDATION_FAILED');
      }
      await authed('workspace', csam).post(`/contracts/${contractId}/workspaces`, { name: 'X', purpose: '', adminEmail: 'x@contoso.com', isDefault: true }).expect(400);
      await authed('workspace', csam).patch(`/workspaces/${workspaceId}/settings`, { allowPersonalAccounts: true, contractType: 'premier' }).expect(400);
      await authed('workspace', admin).patch(`/workspaces/${workspaceId}/members/${member.id}`, { role: 'member', workspaceId: randomUUID() }).expect(400);
      await authed('invitation', admin).post(`/workspaces/${workspaceId}/invitations`, { email: 'y@contoso.com', role: 'member', status: 'accepted' }).expect(400);
      await authed('invitation', admin).post(`/workspaces/${workspaceId}/invitations`, { email: 'y@contoso.com', role: 'member', expiresAt: '2099-01-01T00:00:00Z' }).expect(400);
      await authed('invitation', admin).post('/invitations/accept', { token: 'A'.repeat(43), email: admin.email }).expect(400);
      const invitations = await authed('invitation', admin).get(`/workspaces/${workspaceId}/invitations?limit=100`).expect(200);
      expect(invitations.body.items.map((item: { email: string }) => item.email)).not.toContain('y@contoso.com');
      const workspace = await authed('workspace', csam).get(`/workspaces/${workspaceId}`).expect(200);
      expect(workspace.body.name).toBe('Default');
    });

    it('$-operators in bodies and queries are refused', async () => {
      const bodies: [string, string, unknown][] = [
        ['invitation', `/workspaces/${workspaceId}/invitations`, { email: { $gt: '' }, role: 'member' }],
        ['invitation', '/invitations/accept', { token: { $ne: null } }],
        ['invitation', '/invitations/accept', { $where: 'true', token: 'x' }],
        ['workspace', `/contracts/${contractId}/workspaces`, { name: { $regex: '.*' }, purpose: '', adminEmail: 'x@contoso.com' }],
      ];
      for (const [service, path, body] of bodies) {
        const response = await authed(service as 'workspace', csam).post(path, body).expect(400);
        expect(response.body.code).toBe('OPERATOR_NOT_ALLOWED');
      }
      const patched = await authed('workspace', admin).patch(`/workspaces/${workspaceId}/members/${member.id}`, { $set: { role: 'admin' } }).expect(400);
      expect(patched.body.code).toBe('OPERATOR_NOT_ALLOWED');
      for (const [service, path] of [
        ['workspace', `/workspaces?$where=1`],
        ['workspace', `/activity?workspaces=all&$ne=1`],
        ['invitation', `/workspaces/${workspaceId}/invitations?status[$ne]=pending`],
        ['invitation', `/workspaces/${workspaceId}/invitations?$or=1`],
      ] as const) {
        await authed(service, csam).get(path).expect(400);
      }
    });

    it('oversized pages, bad cursors and ill-typed ids are 400; oversized bodies 413', async () => {
      for (const [service, path] of [
        ['workspace', '/workspaces?limit=101'],
        ['workspace', `/workspaces/${workspaceId}/members?limit=1000`],
        ['workspace', '/workspaces?limit=0'],
        ['workspace', '/workspaces?cursor=!!!'],
        ['invitation', `/workspaces/${workspaceId}/invitations?limit=5000`],
        ['workspace', '/workspaces/not-a-uuid'],
      ] as const) {
        await authed(service, csam).get(path).expect(400);
      }
      const huge = await authed('invitation', admin).post('/invitations/accept', { token: 'A'.repeat(200_000) });
      expect(huge.status).toBe(413);
    });
  });
});
