// Routes × callers of the access service, deny by default, and bad input of every kind.
import { randomUUID } from 'node:crypto';
import { person, SupportHarness, SUPPORT_ADMIN_ROLE, TENANT_A, TENANT_C, VENDOR_TENANT, type TestUser } from './support/support-hub.harness';

type Method = 'get' | 'post' | 'delete' | 'put' | 'patch';

describe('Access service: authorization and bad input', () => {
  let hub: SupportHarness;
  const manager = person('Mia Manager', { roles: ['support-manager'], tenantId: VENDOR_TENANT });
  const engineer = person('Eli Engineer', { roles: ['support-engineer'], tenantId: VENDOR_TENANT });
  const admin = person('Ada Admin', { tenantId: TENANT_A, roles: [SUPPORT_ADMIN_ROLE] });
  const member = person('Bob Member', { tenantId: TENANT_A });
  const stranger = person('Sam Stranger', { tenantId: TENANT_C });
  const strangerAdmin = person('Sara Admin C', { tenantId: TENANT_C, roles: ['Global Administrator'] });
  let caseId: string;
  let requestId: string;
  let grantId: string;

  beforeAll(async () => {
    hub = await SupportHarness.start({ access: { BODY_LIMIT_BYTES: '4096' } });
    const workspaceId = await hub.workspace({ admins: [admin], members: [member] });
    await hub.registerEngineer(manager, engineer, ['identity']);
    caseId = (await hub.openCase(member, workspaceId)).id;
    const approved = await hub.fileRequest(engineer, { caseId, resourceTenantId: TENANT_A });
    grantId = (await call(admin, 'post', `/api/v1/access-requests/${approved.id}/approve`).expect(200)).body.grantId;
    requestId = approved.id;
  });

  afterAll(async () => {
    await hub?.stop();
  });

  function call(user: TestUser | null, method: Method, path: string, body?: object) {
    const pending = hub.access()[method](path);
    if (user) pending.set('authorization', hub.bearer(user));
    return body ? pending.send(body) : pending;
  }

  const routes = (): [Method, string, object?][] => [
    ['post', '/api/v1/access-requests', { caseId, resourceTenantId: TENANT_A, justification: 'x' }],
    ['get', `/api/v1/access-requests?tenantId=${TENANT_A}`],
    ['get', `/api/v1/access-requests/${requestId}`],
    ['post', `/api/v1/access-requests/${requestId}/approve`],
    ['post', `/api/v1/access-requests/${requestId}/reject`, {}],
    ['post', `/api/v1/access-requests/${requestId}/cancel`],
    ['delete', `/api/v1/access-grants/${grantId}`],
    ['get', `/api/v1/access-grants?tenantId=${TENANT_A}`],
    ['get', `/api/v1/access-grants/check?tenantId=${TENANT_A}`],
    ['get', `/api/v1/tenants/${TENANT_A}/diagnostics/sign-ins`],
    ['get', `/api/v1/tenants/${TENANT_A}/diagnostics/audit-logs`],
    ['get', `/api/v1/audit?tenantId=${TENANT_A}`],
  ];

  it('every route needs a token', async () => {
    for (const [method, path, body] of routes()) {
      const response = await call(null, method, path, body);
      expect({ route: `${method} ${path}`, status: response.status, code: response.body.code }).toEqual({
        route: `${method} ${path}`,
        status: 401,
        code: 'UNAUTHENTICATED',
      });
    }
  });

  it('a user of another tenant, even its admin, gets nothing of tenant A (404, or 403 for a role or a grant)', async () => {
    for (const user of [stranger, strangerAdmin]) {
      const statuses = [];
      for (const [method, path, body] of routes()) statuses.push(`${method} ${path.split('?')[0]} ${(await call(user, method, path, body)).status}`);
      expect(statuses).toEqual([
        'post /api/v1/access-requests 403', // ROLE_REQUIRED
        'get /api/v1/access-requests 404',
        `get /api/v1/access-requests/${requestId} 404`,
        `post /api/v1/access-requests/${requestId}/approve 404`,
        `post /api/v1/access-requests/${requestId}/reject 404`,
        `post /api/v1/access-requests/${requestId}/cancel 404`,
        `delete /api/v1/access-grants/${grantId} 404`,
        'get /api/v1/access-grants 404',
        'get /api/v1/access-grants/check 200', // answers for the caller only: allowed false
        `get /api/v1/tenants/${TENANT_A}/diagnostics/sign-ins 403`,
        `get /api/v1/tenants/${TENANT_A}/diagnostics/audit-logs 403`,
        'get /api/v1/audit 404',
      ]);
    }
    expect((await call(stranger, 'get', `/api/v1/access-grants/check?tenantId=${TENANT_A}`)).body).toEqual({ allowed: false });
  });

  it('a user of the tenant without the permission is refused with 403', async () => {
    for (const path of [`/api/v1/access-requests?tenantId=${TENANT_A}`, `/api/v1/access-grants?tenantId=${TENANT_A}`, `/api/v1/audit?tenantId=${TENANT_A}`]) {
      const response = await call(member, 'get', path).expect(403);
      expect(response.body.code).toBe('MANAGE_SUPPORT_ACCESS_REQUIRED');
    }
    expect((await call(member, 'delete', `/api/v1/access-grants/${grantId}`).expect(403)).body.code).toBe('MANAGE_SUPPORT_ACCESS_REQUIRED');
    expect((await call(member, 'get', `/api/v1/access-requests/${requestId}`).expect(403)).body.code).toBe('MANAGE_SUPPORT_ACCESS_REQUIRED');
  });

  it('diagnostic data is read-only: every write is 405', async () => {
    for (const method of ['post', 'put', 'patch', 'delete'] as const) {
      for (const set of ['sign-ins', 'audit-logs', 'anything']) {
        const response = await call(engineer, method, `/api/v1/tenants/${TENANT_A}/diagnostics/${set}`, { userPrincipalName: 'x' });
        expect({ method, set, status: response.status, code: response.body.code }).toEqual({ method, set, status: 405, code: 'METHOD_NOT_ALLOWED' });
      }
    }
    expect((await call(engineer, 'get', `/api/v1/tenants/${TENANT_A}/diagnostics/sign-ins`)).status).toBe(200);
    expect((await call(engineer, 'get', `/api/v1/tenants/${TENANT_A}/diagnostics/passwords`)).status).toBe(404);
  });

  it('refuses unknown and mass-assignment fields, operators, wrong types and oversized input, storing nothing', async () => {
    const valid = { caseId, resourceTenantId: TENANT_A, justification: 'logs' };
    const cases: [object, string][] = [
      [{ ...valid, status: 'approved' }, 'VALIDATION_FAILED'],
      [{ ...valid, approvals: [{ tenantId: TENANT_A }] }, 'VALIDATION_FAILED'],
      [{ ...valid, engineerId: manager.id }, 'VALIDATION_FAILED'],
      [{ ...valid, caseId: { $ne: null } }, 'OPERATOR_NOT_ALLOWED'],
      [{ ...valid, $where: '1' }, 'OPERATOR_NOT_ALLOWED'],
      [{ ...valid, durationHours: '8' }, 'VALIDATION_FAILED'],
      [{ ...valid, durationHours: 0 }, 'VALIDATION_FAILED'],
      [{ ...valid, resourceTenantId: 'a b' }, 'VALIDATION_FAILED'],
      [{ ...valid, justification: '   ' }, 'VALIDATION_FAILED'],
      [{ ...valid, justification: 'x'.repeat(2001) }, 'VALIDATION_FAILED'],
      [{ resourceTenantId: TENANT_A, justification: 'logs' }, 'VALIDATION_FAILED'],
    ];
    for (const [body, code] of cases) {
      const response = await call(engineer, 'post', '/api/v1/access-requests', body);
      expect({ body, status: response.status, code: response.body.code }).toEqual({ body, status: 400, code });
    }
    const tooBig = await call(engineer, 'post', '/api/v1/access-requests', { ...valid, justification: 'x'.repeat(5000) });
    expect(tooBig.status).toBe(413);
    const mine = await call(engineer, 'get', '/api/v1/access-requests').expect(200);
    expect(mine.body.items).toHaveLength(1);
    expect((await call(admin, 'post', `/api/v1/access-requests/${requestId}/reject`, { reason: 'x', status: 'approved' }).expect(400)).body.code).toBe(
      'VALIDATION_FAILED',
    );
  });

  it('refuses bad queries: operators, oversized pages, bad cursors, missing tenant', async () => {
    const queries: [string, number, string | undefined][] = [
      [`/api/v1/access-requests?$where=1`, 400, 'OPERATOR_NOT_ALLOWED'],
      // Fastify does not expand brackets: the key stays `tenantId[$ne]`, refused as the operator it spells.
      [`/api/v1/access-requests?tenantId[$ne]=x`, 400, 'OPERATOR_NOT_ALLOWED'],
      [`/api/v1/access-grants?tenantId=${TENANT_A}&limit=101`, 400, 'VALIDATION_FAILED'],
      [`/api/v1/audit?tenantId=${TENANT_A}&limit=100000`, 400, 'VALIDATION_FAILED'],
      [`/api/v1/audit?tenantId=${TENANT_A}&cursor=bm90LWEtY3Vyc29y`, 400, 'INVALID_CURSOR'],
      [`/api/v1/access-requests?tenantId=${TENANT_A}&status=granted`, 400, 'VALIDATION_FAILED'],
      // An unknown query parameter is ignored (docs/http-api.md): the list in its own order.
      [`/api/v1/access-requests?tenantId=${TENANT_A}&sort=createdAt`, 200, undefined],
      ['/api/v1/access-grants/check', 400, 'VALIDATION_FAILED'],
      ['/api/v1/audit', 400, 'VALIDATION_FAILED'],
    ];
    for (const [path, status, code] of queries) {
      const response = await call(admin, 'get', path);
      expect({ path, status: response.status, code: response.body.code }).toEqual({ path, status, code });
    }
  });

  it("lists one case's grants (?caseId=) for the engineer and the tenant's admin", async () => {
    for (const [user, path] of [
      [engineer, '/api/v1/access-grants'],
      [admin, `/api/v1/access-grants?tenantId=${TENANT_A}`],
    ] as const) {
      const join = path.includes('?') ? '&' : '?';
      expect((await call(user, 'get', `${path}${join}caseId=${caseId}`).expect(200)).body.items.map((grant: { id: string }) => grant.id)).toEqual([grantId]);
      expect((await call(user, 'get', `${path}${join}caseId=${randomUUID()}`).expect(200)).body.items).toEqual([]);
      expect((await call(user, 'get', `${path}${join}caseId=not-a-case`).expect(400)).body.code).toBe('VALIDATION_FAILED');
    }
  });

  it('pages through lists with a cursor', async () => {
    const first = await call(engineer, 'get', `/api/v1/tenants/${TENANT_A}/diagnostics/sign-ins?limit=7`).expect(200);
    expect(first.body.items).toHaveLength(7);
    const second = await call(engineer, 'get', `/api/v1/tenants/${TENANT_A}/diagnostics/sign-ins?limit=7&cursor=${first.body.nextCursor}`).expect(200);
    expect(second.body.items).toHaveLength(7);
    expect(second.body.items[0].id).not.toBe(first.body.items[6].id);
    const all = await call(engineer, 'get', `/api/v1/tenants/${TENANT_A}/diagnostics/sign-ins?limit=14`).expect(200);
    expect(all.body.items).toEqual([...first.body.items, ...second.body.items]);
    const audit1 = await call(admin, 'get', `/api/v1/audit?tenantId=${TENANT_A}&limit=2`).expect(200);
    const audit2 = await call(admin, 'get', `/api/v1/audit?tenantId=${TENANT_A}&limit=2&cursor=${audit1.body.nextCursor}`).expect(200);
    expect(audit2.body.items.map((item: { id: string }) => item.id)).not.toContain(audit1.body.items[0].id);
  });
});
