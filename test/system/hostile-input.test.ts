// Hostile input against the four services running as separate processes: fuzzed bodies and
// query strings (fast-check), NoSQL operator injection, oversized and deeply nested bodies,
// oversized pages, forged headers and mass assignment. Never a 5xx, never a 2xx for an invalid
// body, never a change.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { eventually } from '@support-hub/testing';
import {
  Customer,
  expectStatus,
  listAll,
  onboardCustomer,
  Person,
  person,
  registerEngineer,
  SystemClient,
  VENDOR_TENANT,
} from '../support/system-client';
import { ServiceName, SystemUnderTest } from '../support/system-under-test';

type Json = Record<string, unknown>;

interface WriteRoute {
  name: string;
  service: ServiceName;
  method: 'POST' | 'PATCH';
  path: () => string;
  caller: () => Person;
  /** A body this route accepts: the fuzzer breaks it in ways that must each be refused. */
  valid: () => Json;
}

const RUNS = Number(process.env.FUZZ_RUNS ?? 25);

describe('Hostile input', () => {
  let system: SystemUnderTest;
  let client: SystemClient;
  let customer: Customer;
  let engineer: Person;
  let manager: Person;
  let caseId: string;
  let requestId: string;

  beforeAll(async () => {
    system = await SystemUnderTest.start({}, { RATE_LIMIT_PER_MINUTE: '1000000' });
    client = new SystemClient(system);
    customer = await onboardCustomer(client, 'Fabrikam');
    engineer = await registerEngineer(client, ['fuzzing']);
    manager = person('Max Manager', VENDOR_TENANT, ['support-manager']);
    const opened = expectStatus(await client.as(customer.member).post('case', `/api/v1/workspaces/${customer.workspaceId}/cases`, {
      title: 'Sign-in failures', description: 'Users cannot sign in', severity: 'B', productArea: 'fuzzing', allowAdvancedDiagnostics: false,
    }), 201, 'open case');
    caseId = opened.body.id;
    await eventually(async () => {
      const filed = await client.as(engineer).post('access', '/api/v1/access-requests', { caseId, resourceTenantId: customer.tenantId, justification: 'Investigate sign-ins' });
      if (filed.status === 201) requestId = filed.body.id;
      return filed.status === 201;
    }, { what: 'the access service to know the case and its engineer' });
  }, 120_000);

  afterAll(async () => {
    await system?.stop();
  });

  const writeRoutes = (): WriteRoute[] => [
    { name: 'create contract', service: 'workspace', method: 'POST', path: () => '/api/v1/contracts', caller: () => customer.csam,
      valid: () => ({ customerName: 'Tailspin', customerTenantId: customer.tenantId, type: 'unified', startsAt: '2026-01-01T00:00:00Z', endsAt: '2027-01-01T00:00:00Z',
        serviceAdmin: { email: 'admin@tailspin.example', name: 'Admin' }, supportContacts: [], services: ['reactive-support'] }) },
    { name: 'create workspace', service: 'workspace', method: 'POST', path: () => `/api/v1/contracts/${customer.contractId}/workspaces`, caller: () => customer.csam,
      valid: () => ({ name: 'Finance', purpose: 'Finance department', adminEmail: 'fiona@fabrikam.example' }) },
    { name: 'workspace settings', service: 'workspace', method: 'PATCH', path: () => `/api/v1/workspaces/${customer.workspaceId}/settings`, caller: () => customer.csam,
      valid: () => ({ allowPersonalAccounts: false }) },
    { name: 'workspace services', service: 'workspace', method: 'POST', path: () => `/api/v1/workspaces/${customer.workspaceId}/services`, caller: () => customer.csam,
      valid: () => ({ services: ['reactive-support'] }) },
    { name: 'member role', service: 'workspace', method: 'PATCH', path: () => `/api/v1/workspaces/${customer.workspaceId}/members/${customer.member.id}`, caller: () => customer.admin,
      valid: () => ({ role: 'member' }) },
    { name: 'create invitation', service: 'invitation', method: 'POST', path: () => `/api/v1/workspaces/${customer.workspaceId}/invitations`, caller: () => customer.admin,
      valid: () => ({ email: 'newcomer@fabrikam.example', role: 'member' }) },
    { name: 'accept invitation', service: 'invitation', method: 'POST', path: () => '/api/v1/invitations/accept', caller: () => customer.member,
      valid: () => ({ token: 'A'.repeat(43) }) },
    { name: 'open case', service: 'case', method: 'POST', path: () => `/api/v1/workspaces/${customer.workspaceId}/cases`, caller: () => customer.member,
      valid: () => ({ title: 'Slow portal', description: 'Pages take long', severity: 'C', productArea: 'fuzzing', allowAdvancedDiagnostics: false }) },
    { name: 'update case', service: 'case', method: 'PATCH', path: () => `/api/v1/cases/${caseId}`, caller: () => customer.member,
      valid: () => ({ description: 'Users cannot sign in' }) },
    { name: 'register engineer', service: 'case', method: 'POST', path: () => '/api/v1/engineers', caller: () => manager,
      valid: () => ({ userId: 'engineer-fuzz', name: 'Fuzz', email: 'fuzz@vendor.example', expertise: ['fuzzing'] }) },
    { name: 'update engineer', service: 'case', method: 'PATCH', path: () => `/api/v1/engineers/${engineer.id}`, caller: () => manager,
      valid: () => ({ active: true }) },
    { name: 'file access request', service: 'access', method: 'POST', path: () => '/api/v1/access-requests', caller: () => engineer,
      valid: () => ({ caseId, resourceTenantId: customer.tenantId, justification: 'Investigate' }) },
    { name: 'reject access request', service: 'access', method: 'POST', path: () => `/api/v1/access-requests/${requestId}/reject`, caller: () => customer.admin,
      valid: () => ({ reason: 'Not now' }) },
  ];

  /** What every write could have changed, read back through the APIs. */
  async function snapshot(): Promise<string> {
    const lists = await Promise.all([
      listAll(client, customer.csam, 'workspace', '/api/v1/workspaces'),
      client.as(customer.csam).get('workspace', `/api/v1/workspaces/${customer.workspaceId}`).then((reply) => [reply.body]),
      listAll(client, customer.admin, 'workspace', `/api/v1/workspaces/${customer.workspaceId}/members`),
      listAll(client, customer.admin, 'invitation', `/api/v1/workspaces/${customer.workspaceId}/invitations`),
      listAll(client, customer.member, 'case', `/api/v1/workspaces/${customer.workspaceId}/cases`),
      listAll(client, manager, 'case', '/api/v1/engineers'),
      listAll(client, engineer, 'access', '/api/v1/access-requests'),
    ]);
    return JSON.stringify(lists);
  }

  /** Ways to break a valid body, each of which the API must refuse with a 4xx. */
  const operator = fc.constantFrom<unknown>({ $ne: null }, { $gt: '' }, { $where: 'sleep(1000)' }, { $regex: '.*' }, [{ $ne: 1 }]);
  /** A value of another type than the valid one (or far too long): never acceptable in its place. */
  const wrongFor = (value: unknown): fc.Arbitrary<unknown> => {
    const common = [fc.constant(null), operator, fc.double({ noNaN: true })];
    if (typeof value === 'string') return fc.oneof(...common, fc.boolean(), fc.array(fc.string(), { maxLength: 2 }), fc.string({ minLength: 100_000, maxLength: 100_001 }));
    if (typeof value === 'boolean') return fc.oneof(...common, fc.string({ minLength: 1, maxLength: 8 }), fc.array(fc.boolean(), { maxLength: 2 }));
    return fc.oneof(...common, fc.boolean(), fc.string({ maxLength: 8 }));
  };
  const breakBody = (valid: Json): fc.Arbitrary<Json> => {
    const keys = Object.keys(valid);
    const unknownKey = fc.string({ minLength: 1, maxLength: 20 }).filter((key) => !keys.includes(key) && key !== '__proto__');
    return fc.oneof(
      fc.record({ key: unknownKey, value: fc.jsonValue() }).map(({ key, value }) => ({ ...valid, [key]: value })),
      fc.constantFrom(...keys).chain((key) => wrongFor(valid[key]).map((value) => ({ ...valid, [key]: value }))),
      fc.record({ key: fc.constantFrom('status', 'approvedBy', 'workspaceId', 'expiresAt', 'id', '_id', 'revision', 'requestTenantId', 'assignedEngineerId'), value: fc.jsonValue() })
        .filter(({ key }) => !keys.includes(key))
        .map(({ key, value }) => ({ ...valid, [key]: value })),
    );
  };

  it('refuses every broken body of every write route with a 4xx, and stores nothing', async () => {
    const before = await snapshot();
    for (const route of writeRoutes()) {
      await fc.assert(
        fc.asyncProperty(breakBody(route.valid()), async (body) => {
          const reply = await client.call(route.service, route.method, route.path(), route.caller(), body);
          if (reply.status < 400 || reply.status >= 500) throw new Error(`${route.name}: ${reply.status} for ${JSON.stringify(body).slice(0, 300)}`);
        }),
        { numRuns: RUNS },
      );
    }
    expect(await snapshot()).toBe(before);
  }, 300_000);

  it('never answers a random body or value with a 5xx', async () => {
    for (const route of writeRoutes()) {
      await fc.assert(
        fc.asyncProperty(fc.jsonValue(), async (body) => {
          const reply = await client.call(route.service, route.method, route.path(), route.caller(), undefined, { raw: JSON.stringify(body) });
          if (reply.status >= 500) throw new Error(`${route.name}: ${reply.status} for ${JSON.stringify(body).slice(0, 300)}`);
        }),
        { numRuns: RUNS },
      );
    }
  }, 300_000);

  it('never answers a fuzzed query string with a 5xx, and refuses operators and oversized pages', async () => {
    const lists: [ServiceName, string, () => Person][] = [
      ['workspace', '/api/v1/workspaces', () => customer.admin],
      ['workspace', '/api/v1/activity', () => customer.admin],
      ['invitation', `/api/v1/workspaces/${customer.workspaceId}/invitations`, () => customer.admin],
      ['case', `/api/v1/workspaces/${customer.workspaceId}/cases`, () => customer.member],
      ['case', '/api/v1/engineers', () => manager],
      ['access', '/api/v1/access-requests', () => engineer],
      ['access', '/api/v1/access-grants/check', () => engineer],
      ['access', '/api/v1/audit', () => customer.admin],
    ];
    const queryKey = fc.oneof(fc.constantFrom('limit', 'cursor', 'status', 'tenantId', 'workspaces', 'severity', 'status[$ne]', 'limit[$gt]', '__proto__', 'constructor'), fc.string({ maxLength: 12 }));
    const queryValue = fc.oneof(fc.string({ maxLength: 40 }), fc.integer().map(String), fc.constantFrom('-1', '0', '101', '1e9', 'NaN', '{"$ne":null}', '[]'));
    for (const [service, path, caller] of lists) {
      await fc.assert(
        fc.asyncProperty(fc.dictionary(queryKey, queryValue, { maxKeys: 3 }), async (query) => {
          const reply = await client.as(caller()).get(service, `${path}?${new URLSearchParams(query).toString()}`);
          if (reply.status >= 500) throw new Error(`${path}: ${reply.status} for ${JSON.stringify(query)}`);
        }),
        { numRuns: RUNS },
      );
      // Operators are refused everywhere; page parameters where the route pages (elsewhere an
      // unknown query parameter is ignored, docs/http-api.md).
      const paged = !['/api/v1/activity', '/api/v1/access-grants/check'].includes(path);
      const bads = ['status[$ne]=closed', 'limit[$gt]=1', ...(paged ? ['limit=1000', 'limit=0', 'limit=abc', 'cursor=not-a-cursor!'] : [])];
      for (const bad of bads) {
        const reply = await client.as(caller()).get(service, `${path}?${bad}`);
        expect([400, 403, 404]).toContain(reply.status);
        expect(reply.body).toMatchObject({ statusCode: reply.status, code: expect.any(String) });
      }
    }
  }, 300_000);

  it('refuses an oversized body with 413, and a body that is not JSON with a 4xx', async () => {
    const huge = JSON.stringify({ title: 'x'.repeat(200_000), description: 'd', severity: 'A', productArea: 'fuzzing', allowAdvancedDiagnostics: false });
    const tooLarge = await client.call('case', 'POST', `/api/v1/workspaces/${customer.workspaceId}/cases`, customer.member, undefined, { raw: huge });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
    const notJson = await client.call('case', 'POST', `/api/v1/workspaces/${customer.workspaceId}/cases`, customer.member, undefined, { raw: '{"title": "unterminated' });
    expect(notJson.status).toBe(400);
    const wrongType = await client.call('case', 'POST', `/api/v1/workspaces/${customer.workspaceId}/cases`, customer.member, undefined, {
      raw: 'title=x', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(wrongType.status).toBeGreaterThanOrEqual(400);
    expect(wrongType.status).toBeLessThan(500);
  });

  it('refuses a body nested 10,000 deep with 400 BODY_TOO_DEEP on every write route, and takes an empty JSON body as none', async () => {
    const deep = '{"a":'.repeat(10_000) + 'null' + '}'.repeat(10_000);
    for (const route of writeRoutes()) {
      const reply = await client.call(route.service, route.method, route.path(), route.caller(), undefined, { raw: deep });
      expect({ route: route.name, status: reply.status, code: reply.body.code }).toEqual({ route: route.name, status: 400, code: 'BODY_TOO_DEEP' });
    }
    // What axios and many gateways send on a bodiless POST: the JSON content type, no body.
    const closeUnknownCase = `/api/v1/cases/${randomUUID()}/close`;
    const withoutBody = await client.call('case', 'POST', closeUnknownCase, engineer);
    const withEmptyJson = await client.call('case', 'POST', closeUnknownCase, engineer, undefined, { raw: '' });
    expect(withoutBody.status).toBe(404);
    expect({ status: withEmptyJson.status, body: withEmptyJson.body }).toEqual({ status: withoutBody.status, body: withoutBody.body });
  });

  it('refuses mass assignment of server-owned fields', async () => {
    const attempts: [ServiceName, string, Person, Json][] = [
      ['case', `/api/v1/workspaces/${customer.workspaceId}/cases`, customer.member,
        { title: 't', description: 'd', severity: 'C', productArea: 'fuzzing', allowAdvancedDiagnostics: false, status: 'closed' }],
      ['case', `/api/v1/workspaces/${customer.workspaceId}/cases`, customer.member,
        { title: 't', description: 'd', severity: 'C', productArea: 'fuzzing', allowAdvancedDiagnostics: false, workspaceId: 'another-workspace' }],
      ['access', '/api/v1/access-requests', engineer, { caseId, resourceTenantId: customer.tenantId, justification: 'j', status: 'approved' }],
      ['access', '/api/v1/access-requests', engineer, { caseId, resourceTenantId: customer.tenantId, justification: 'j', approvedBy: customer.admin.id }],
      ['invitation', `/api/v1/workspaces/${customer.workspaceId}/invitations`, customer.admin, { email: 'late@fabrikam.example', role: 'member', expiresAt: '2099-01-01T00:00:00Z' }],
      ['workspace', `/api/v1/contracts/${customer.contractId}/workspaces`, customer.csam, { name: 'HR', purpose: 'p', adminEmail: 'hr@fabrikam.example', workspaceId: 'chosen-id' }],
    ];
    for (const [service, path, caller, body] of attempts) {
      const reply = await client.as(caller).post(service, path, body);
      expect(reply.status).toBe(400);
      expect(reply.body.code).toBe('VALIDATION_FAILED');
    }
  });

  it('keeps its own correlation id instead of a forged one and ignores spoofed identity headers', async () => {
    const forged = await client.as(customer.member).get('case', `/api/v1/workspaces/${customer.workspaceId}/cases`, {
      headers: { 'x-correlation-id': '"><script>alert(1)</script>', 'x-forwarded-for': '10.0.0.1', 'x-user-id': customer.csam.id, 'x-tenant-id': VENDOR_TENANT },
    });
    expect(forged.status).toBe(200);
    expect(forged.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
    const anonymous = await client.call('case', 'GET', `/api/v1/workspaces/${customer.workspaceId}/cases`, null, undefined, {
      headers: { 'x-user-id': customer.member.id, 'x-roles': 'csam' },
    });
    expect(anonymous.status).toBe(401);
  });
});
