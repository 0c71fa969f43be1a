// The authorization matrix: every /api/v1 route of the four services × every kind of caller,
// with the status each must get, as ONE declarative table, against the four services started
// as separate processes. Deny by default: anonymous → 401; another workspace's, contract's or
// tenant's object → 404 (nothing is confirmable); the object is visible but the caller lacks
// the role → 403. "Right role, wrong tenant": the contract's CSAM, the granted engineer and the
// support manager, each with their own id and role but a token of the customer's tenant, where
// vendor roles do not count: customer users of that tenant, with no vendor rights and no
// vendor relation (403 where a route needs the role or the tenant's admin, 404 where it needs
// the relation). Each cell is its own test, named route × role. A route served by a service
// (its OpenAPI document) without a row in the table fails the build, and so does a row for a
// route no service serves.
//
// Writes: the cells that are refused run first in each row; a row's successful writes run
// last and each works on a fixture of its own (a dedicated case, request, grant or member),
// so no cell's success changes what a later cell sees.
import { randomUUID } from 'node:crypto';
import { eventually } from '@support-hub/testing';
import { SERVICE_NAMES, ServiceName, SystemUnderTest } from '../support/system-under-test';
import {
  Customer,
  expectStatus,
  onboardCustomer,
  person,
  Person,
  registerEngineer,
  Reply,
  SystemClient,
  VENDOR_TENANT,
} from '../support/system-client';

const ROLES = [
  'anonymous',
  'member', // member of the workspace (a user of the customer tenant, no directory role)
  'admin', // admin of the workspace, and Global Administrator of the customer tenant (own tenant admin)
  'csam', // CSAM of the workspace's contract
  'otherAdmin', // admin of another workspace (another contract), Global Administrator of its tenant
  'otherCsam', // CSAM of another contract
  'engineer', // support engineer without a grant (no case of this customer)
  'grantedEngineer', // support engineer assigned to the customer's consented case: a live grant
  'otherTenantAdmin', // Global Administrator of a tenant that is nowhere in this data
  'manager', // support manager (the engineer directory)
  'csamWrongTenant', // the csam's id and role, in a token of the customer's tenant
  'engineerWrongTenant', // the grantedEngineer's id and role, in a token of the customer's tenant
  'managerWrongTenant', // the manager's id and role, in a token of the customer's tenant
] as const;
type Role = (typeof ROLES)[number];
type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE' | 'HEAD' | 'OPTIONS';

/** Everything beforeAll sets up through the public APIs. */
interface Fixtures {
  customer: Customer; // tenant, contract, default workspace, its CSAM, admin and member
  other: Customer; // a second customer: another tenant, contract, workspace, CSAM and admin
  users: Record<Exclude<Role, 'anonymous'>, Person>;
  spares: [Person, Person]; // members of the workspace that the DELETE member successes remove
  invitationId: string; // a pending invitation to the workspace
  consentCaseId: string; // open, consented, assigned to grantedEngineer: the live grant
  closeCaseIds: [string, string]; // open cases the admin and the assigned engineer close
  closedCaseId: string; // a closed case the admin reopens
  filingCaseId: string; // an open case without consent, for filing a request
  requestId: string; // a pending request (the refused cells of approve/reject/cancel)
  approveRequestId: string; // pending requests the successful approve / reject / cancel use
  rejectRequestId: string;
  cancelRequestId: string;
  grantId: string; // an approved request's grant, removed by the tenant admin last
}

interface Row {
  service: ServiceName;
  method: Method;
  /** The path template exactly as the service's OpenAPI document names it. */
  path: string;
  /** The query string template, filled from `params` like the path. */
  query?: string;
  /** Values of the `{params}`, per role where a success needs a fixture of its own. */
  params?: (f: Fixtures, role: Role) => Record<string, string>;
  body?: (f: Fixtures, role: Role) => unknown;
  expect: Record<Role, number>;
  /** A refusal the service answers but does not document as an operation (the diagnostics catch-all). */
  undocumented?: true;
}

/** A row's expectations: anonymous 401, every other caller `otherwise`, except those named. */
const cells = (otherwise: number, named: Partial<Record<Role, number>>): Record<Role, number> =>
  Object.fromEntries(ROLES.map((role) => [role, named[role] ?? (role === 'anonymous' ? 401 : otherwise)])) as Record<Role, number>;

/** The three vendor staff with a customer tenant's token: users of that tenant without a directory role. */
const wrongTenant = (status: number): Partial<Record<Role, number>> => ({ csamWrongTenant: status, engineerWrongTenant: status, managerWrongTenant: status });

const unique = () => randomUUID().slice(0, 8);
const workspace = (f: Fixtures) => ({ id: f.customer.workspaceId });
const tenant = (f: Fixtures) => ({ tenantId: f.customer.tenantId });

// ───────────────────────────────────────── the table ─────────────────────────────────────────
const TABLE: Row[] = [
  // ── every service: who the service thinks the caller is ──
  ...SERVICE_NAMES.map((service): Row => ({ service, method: 'GET', path: '/api/v1/me', expect: cells(200, {}) })),

  // ── workspace service ──
  {
    service: 'workspace', method: 'POST', path: '/api/v1/contracts',
    body: () => ({
      customerName: `Matrix ${unique()}`, customerTenantId: randomUUID(), type: 'unified',
      startsAt: '2030-01-01T00:00:00Z', endsAt: '2031-01-01T00:00:00Z',
      serviceAdmin: { email: `sa.${unique()}@example.com`, name: 'SA' }, supportContacts: [], services: ['reactive-support'],
    }),
    // A vendor role, not an object: 403 leaks nothing. A new draft contract is harmless.
    expect: cells(403, { csam: 201, otherCsam: 201 }),
  },
  // My contracts: a vendor role, then only what names me (an empty list for another CSAM).
  { service: 'workspace', method: 'GET', path: '/api/v1/contracts', expect: cells(403, { csam: 200, otherCsam: 200 }) },
  { service: 'workspace', method: 'GET', path: '/api/v1/contracts/{id}', params: (f) => ({ id: f.customer.contractId }), expect: cells(404, { csam: 200 }) },
  {
    service: 'workspace', method: 'PATCH', path: '/api/v1/contracts/{id}', params: (f) => ({ id: f.customer.contractId }),
    body: () => ({ services: ['reactive-support'] }), // already bought: no change
    expect: cells(404, { csam: 200 }),
  },
  // Activating an active contract answers 200 with the same result.
  // The contract is active already: its CSAM reaches the action and is told so (a repeated action is 409).
  { service: 'workspace', method: 'POST', path: '/api/v1/contracts/{id}/activate', params: (f) => ({ id: f.customer.contractId }), expect: cells(404, { csam: 409 }) },
  {
    service: 'workspace', method: 'POST', path: '/api/v1/contracts/{id}/workspaces', params: (f) => ({ id: f.customer.contractId }),
    body: () => ({ name: `Team ${unique()}`, purpose: 'matrix', adminEmail: `team.${unique()}@example.com` }),
    expect: cells(404, { csam: 201 }),
  },
  { service: 'workspace', method: 'GET', path: '/api/v1/workspaces', expect: cells(200, {}) }, // mine
  { service: 'workspace', method: 'GET', path: '/api/v1/workspaces/{id}', params: workspace, expect: cells(404, { member: 200, admin: 200, csam: 200 }) },
  {
    service: 'workspace', method: 'PATCH', path: '/api/v1/workspaces/{id}/settings', params: workspace,
    body: () => ({ allowPersonalAccounts: false }), // unified: already false
    expect: cells(404, { member: 403, admin: 403, csam: 200 }),
  },
  {
    service: 'workspace', method: 'POST', path: '/api/v1/workspaces/{id}/services', params: workspace,
    body: () => ({ services: ['reactive-support'] }), // already there
    expect: cells(404, { member: 403, admin: 403, csam: 200 }),
  },
  { service: 'workspace', method: 'GET', path: '/api/v1/workspaces/{id}/members', params: workspace, expect: cells(404, { member: 200, admin: 200, csam: 200 }) },
  {
    service: 'workspace', method: 'PATCH', path: '/api/v1/workspaces/{id}/members/{userId}',
    params: (f) => ({ id: f.customer.workspaceId, userId: f.customer.member.id }),
    body: () => ({ permissions: [] }), // what the member has already
    expect: cells(404, { member: 403, admin: 200, csam: 200 }),
  },
  {
    service: 'workspace', method: 'DELETE', path: '/api/v1/workspaces/{id}/members/{userId}',
    // The refused callers and the admin aim at one spare member, the CSAM at the other.
    params: (f, role) => ({ id: f.customer.workspaceId, userId: f.spares[role === 'csam' ? 1 : 0].id }),
    expect: cells(404, { member: 403, admin: 204, csam: 204 }),
  },
  {
    service: 'workspace', method: 'GET', path: '/api/v1/activity', query: 'workspaces={id}', params: workspace,
    // A member without the customerActivity permission: 403 ACTIVITY_PERMISSION_REQUIRED.
    expect: cells(404, { member: 403, admin: 200, csam: 200 }),
  },
  { service: 'workspace', method: 'GET', path: '/api/v1/activity', query: 'workspaces=all', expect: cells(200, {}) },

  // ── invitation service ──
  {
    service: 'invitation', method: 'POST', path: '/api/v1/workspaces/{id}/invitations', params: workspace,
    body: () => ({ email: `invitee.${unique()}@example.com`, role: 'member' }),
    expect: cells(404, { member: 403, admin: 201, csam: 201 }),
  },
  { service: 'invitation', method: 'GET', path: '/api/v1/workspaces/{id}/invitations', params: workspace, expect: cells(404, { member: 403, admin: 200, csam: 200 }) },
  // Resend (a new token) before revoke; the admin revokes it, so the CSAM after them gets 409 (a repeated action).
  { service: 'invitation', method: 'POST', path: '/api/v1/invitations/{id}/resend', params: (f) => ({ id: f.invitationId }), expect: cells(404, { member: 403, admin: 200, csam: 200 }) },
  { service: 'invitation', method: 'DELETE', path: '/api/v1/invitations/{id}', params: (f) => ({ id: f.invitationId }), expect: cells(404, { member: 403, admin: 200, csam: 409 }) },
  // An unknown token: nobody learns more than "not found".
  { service: 'invitation', method: 'POST', path: '/api/v1/invitations/accept', body: () => ({ token: 'A'.repeat(43) }), expect: cells(404, {}) },

  // ── case service ──
  {
    service: 'case', method: 'POST', path: '/api/v1/workspaces/{id}/cases', params: workspace,
    body: () => ({ title: 'Matrix', description: 'matrix case', severity: 'C', productArea: `nobody-${unique()}`, allowAdvancedDiagnostics: false }),
    // The contract's CSAM sees the workspace but is no member: 403 MEMBERSHIP_REQUIRED.
    expect: cells(404, { member: 201, admin: 201, csam: 403 }),
  },
  { service: 'case', method: 'GET', path: '/api/v1/workspaces/{id}/cases', params: workspace, expect: cells(404, { member: 200, admin: 200, csam: 200 }) },
  { service: 'case', method: 'GET', path: '/api/v1/cases', expect: cells(200, {}) }, // the caller's own cases
  // The unassigned queue: a support manager's view (a role: 403 leaks nothing).
  { service: 'case', method: 'GET', path: '/api/v1/cases', query: 'assigned=none', expect: cells(403, { manager: 200 }) },
  // To the engineer who holds the case already: the manager reaches the action and is told so
  // (a repeated action is 409), and the live grant of the case stays.
  {
    service: 'case', method: 'POST', path: '/api/v1/cases/{id}/assign', params: (f) => ({ id: f.consentCaseId }),
    body: (f) => ({ engineerId: f.users.grantedEngineer.id }),
    expect: cells(403, { manager: 409 }),
  },
  { service: 'case', method: 'GET', path: '/api/v1/cases/{id}', params: (f) => ({ id: f.consentCaseId }), expect: cells(404, { member: 200, admin: 200, csam: 200, grantedEngineer: 200 }) },
  {
    service: 'case', method: 'PATCH', path: '/api/v1/cases/{id}', params: (f) => ({ id: f.consentCaseId }),
    body: () => ({ description: 'edited by the matrix' }), // consent untouched
    expect: cells(404, { member: 200, admin: 200, csam: 403, grantedEngineer: 403 }),
  },
  {
    service: 'case', method: 'POST', path: '/api/v1/cases/{id}/close',
    params: (f, role) => ({ id: f.closeCaseIds[role === 'grantedEngineer' ? 1 : 0] }),
    expect: cells(404, { member: 403, csam: 403, admin: 200, grantedEngineer: 200 }),
  },
  {
    service: 'case', method: 'POST', path: '/api/v1/cases/{id}/reopen',
    // After the close row: the member reopens what the admin closed, the engineer their own.
    params: (f, role) => ({ id: role === 'member' ? f.closeCaseIds[0] : role === 'grantedEngineer' ? f.closeCaseIds[1] : f.closedCaseId }),
    expect: cells(404, { csam: 403, member: 200, admin: 200, grantedEngineer: 200 }),
  },
  {
    service: 'case', method: 'POST', path: '/api/v1/engineers',
    body: () => ({ userId: `matrix-${unique()}`, name: 'Matrix Engineer', email: `eng.${unique()}@example.com`, expertise: [`nothing-${unique()}`] }),
    expect: cells(403, { manager: 201 }),
  },
  { service: 'case', method: 'GET', path: '/api/v1/engineers', expect: cells(403, { manager: 200 }) },
  { service: 'case', method: 'PATCH', path: '/api/v1/engineers/{id}', params: (f) => ({ id: f.users.engineer.id }), body: () => ({ active: true }), expect: cells(403, { manager: 200 }) },

  // ── access service ──
  {
    service: 'access', method: 'POST', path: '/api/v1/access-requests',
    body: (f) => ({ caseId: f.filingCaseId, resourceTenantId: f.customer.tenantId, justification: 'matrix' }),
    // Filing is a support engineer's act (a role: 403 leaks nothing); an engineer not assigned
    // to the case does not see it (404).
    expect: cells(403, { engineer: 404, grantedEngineer: 201 }),
  },
  { service: 'access', method: 'GET', path: '/api/v1/access-requests', query: 'tenantId={tenantId}', params: tenant, expect: cells(404, { member: 403, admin: 200, ...wrongTenant(403) }) },
  { service: 'access', method: 'GET', path: '/api/v1/access-requests', expect: cells(200, {}) }, // the caller's own
  { service: 'access', method: 'GET', path: '/api/v1/access-requests/{id}', params: (f) => ({ id: f.requestId }), expect: cells(404, { member: 403, admin: 200, grantedEngineer: 200, ...wrongTenant(403) }) },
  {
    service: 'access', method: 'POST', path: '/api/v1/access-requests/{id}/approve',
    params: (f, role) => ({ id: role === 'admin' ? f.approveRequestId : f.requestId }),
    expect: cells(404, { member: 403, grantedEngineer: 403, admin: 200, ...wrongTenant(403) }), // the requester: SELF_APPROVAL_FORBIDDEN
  },
  {
    service: 'access', method: 'POST', path: '/api/v1/access-requests/{id}/reject',
    params: (f, role) => ({ id: role === 'admin' ? f.rejectRequestId : f.requestId }), body: () => ({ reason: 'matrix' }),
    expect: cells(404, { member: 403, grantedEngineer: 403, admin: 200, ...wrongTenant(403) }),
  },
  {
    service: 'access', method: 'POST', path: '/api/v1/access-requests/{id}/cancel',
    params: (f, role) => ({ id: role === 'grantedEngineer' ? f.cancelRequestId : f.requestId }),
    expect: cells(404, { member: 403, admin: 403, grantedEngineer: 200, ...wrongTenant(403) }),
  },
  { service: 'access', method: 'GET', path: '/api/v1/access-grants', query: 'tenantId={tenantId}', params: tenant, expect: cells(404, { member: 403, admin: 200, ...wrongTenant(403) }) },
  { service: 'access', method: 'GET', path: '/api/v1/access-grants', expect: cells(200, {}) }, // the caller's own
  { service: 'access', method: 'GET', path: '/api/v1/access-grants/check', query: 'tenantId={tenantId}', params: tenant, expect: cells(200, {}) }, // about oneself
  {
    service: 'access', method: 'DELETE', path: '/api/v1/access-grants/{id}', params: (f) => ({ id: f.grantId }),
    // The grant's own engineer sees it (their grants list): 403 MANAGE_SUPPORT_ACCESS_REQUIRED.
    expect: cells(404, { member: 403, grantedEngineer: 403, admin: 200, ...wrongTenant(403) }),
  },
  // DESIGN §8: a diagnostic read without a live grant → 403 ACCESS_NOT_GRANTED, without the
  // support-engineer role (the granted engineer's id in a customer token) → 403 SUPPORT_ENGINEER_REQUIRED; writes 405.
  { service: 'access', method: 'GET', path: '/api/v1/tenants/{tenantId}/diagnostics/sign-ins', params: tenant, expect: cells(403, { grantedEngineer: 200 }) },
  { service: 'access', method: 'GET', path: '/api/v1/tenants/{tenantId}/diagnostics/audit-logs', params: tenant, expect: cells(403, { grantedEngineer: 200 }) },
  // The catch-all behind them: writes are 405 whatever the set; an unknown set is 404
  // DIAGNOSTIC_SET_NOT_FOUND (names of data sets are no secret); HEAD as GET, without a body.
  // A refusal, not an operation: the OpenAPI document leaves it out.
  ...(['/api/v1/tenants/{tenantId}/diagnostics', '/api/v1/tenants/{tenantId}/diagnostics/{path}'] as const).flatMap((path) =>
    (['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const).map((method): Row => ({
      service: 'access', method, path, undocumented: true, params: (f) => ({ tenantId: f.customer.tenantId, path: method === 'GET' || method === 'HEAD' ? 'no-such-set' : 'sign-ins' }),
      body: method === 'GET' || method === 'HEAD' || method === 'OPTIONS' ? undefined : () => ({}),
      expect: cells(method === 'GET' || method === 'HEAD' ? 404 : 405, {}),
    })),
  ),
  { service: 'access', method: 'GET', path: '/api/v1/audit', query: 'tenantId={tenantId}', params: tenant, expect: cells(404, { member: 403, admin: 200, ...wrongTenant(403) }) },
];

const routeKey = (service: ServiceName, method: string, path: string) => `${service} ${method.toUpperCase()} ${path}`;

interface Cell {
  row: Row;
  role: Role;
  status: number;
}

/** Per row: the refused cells first, then the successful writes (each on a fixture of its own). */
const CELLS: Cell[] = TABLE.flatMap((row) => {
  const all: Cell[] = ROLES.map((role) => ({ row, role, status: row.expect[role] }));
  const isWriteSuccess = (cell: Cell) => row.method !== 'GET' && cell.status < 300;
  // A 409 on a write row is the repeat of an action that a success before it did (docs/http-api.md).
  const isRepeat = (cell: Cell) => row.method !== 'GET' && cell.status === 409;
  return [...all.filter((cell) => !isWriteSuccess(cell) && !isRepeat(cell)), ...all.filter(isWriteSuccess), ...all.filter(isRepeat)];
});

const cellName = ({ row, role, status }: Cell) => `${row.service} ${row.method} ${row.path}${row.query ? `?${row.query}` : ''} as ${role} → ${status}`;

describe('Authorization matrix: every route × every caller', () => {
  let system: SystemUnderTest;
  let client: SystemClient;
  let f: Fixtures;

  beforeAll(async () => {
    system = await SystemUnderTest.start({}, { RATE_LIMIT_PER_MINUTE: '100000' });
    client = new SystemClient(system);
    const customer = await onboardCustomer(client, 'Contoso');
    const other = await onboardCustomer(client, 'Fabrikam');
    const area = `matrix-${unique()}`;
    const grantedEngineer = await registerEngineer(client, [area], 'Gina Granted');
    const engineer = await registerEngineer(client, [`idle-${unique()}`], 'Ian Idle');
    const manager = person('Max Manager', VENDOR_TENANT, ['support-manager']);
    const inCustomerTenant = (user: Person): Person => ({ ...user, tenantId: customer.tenantId });
    const users: Fixtures['users'] = {
      member: customer.member,
      admin: customer.admin,
      csam: customer.csam,
      otherAdmin: other.admin,
      otherCsam: other.csam,
      engineer,
      grantedEngineer,
      otherTenantAdmin: person('Tess Tenant Admin', randomUUID(), ['Global Administrator']),
      manager,
      csamWrongTenant: inCustomerTenant(customer.csam),
      engineerWrongTenant: inCustomerTenant(grantedEngineer),
      managerWrongTenant: inCustomerTenant(manager),
    };
    const { workspaceId, tenantId } = customer;

    // The invitation service learns the admin from workspace.member-added.
    await eventually(async () => (await client.as(customer.admin).get('invitation', `/api/v1/workspaces/${workspaceId}/invitations?limit=1`)).status === 200, {
      what: 'the invitation service to know the workspace admin',
      timeoutMs: 20_000,
    });

    // Two spare members (for the DELETE member successes) and one pending invitation.
    const spares: [Person, Person] = [person('Sid Spare', tenantId), person('Sue Spare', tenantId)];
    for (const spare of spares) {
      expectStatus(await client.as(customer.csam).post('invitation', `/api/v1/workspaces/${workspaceId}/invitations`, { email: spare.email, role: 'member' }), 201, 'invite spare');
      const token = await client.invitationToken(spare.email);
      expectStatus(await client.as(spare).post('invitation', '/api/v1/invitations/accept', { token }), 200, 'spare accepts');
    }
    const pending = expectStatus(
      await client.as(customer.csam).post('invitation', `/api/v1/workspaces/${workspaceId}/invitations`, { email: `pending.${unique()}@example.com`, role: 'member' }),
      201,
      'pending invitation',
    );

    // Cases, all assigned to the granted engineer (the only one with the area).
    const openCase = async (consent: boolean): Promise<string> => {
      const reply = expectStatus(await client.as(customer.member).post('case', `/api/v1/workspaces/${workspaceId}/cases`, {
        title: 'Matrix fixture', description: 'fixture', severity: 'B', productArea: area, allowAdvancedDiagnostics: consent,
      }), 201, 'open case');
      expect(reply.body.assignedEngineerId).toBe(grantedEngineer.id);
      return reply.body.id;
    };
    const consentCaseId = await openCase(true);
    const [close0, close1, closedCaseId, filingCaseId, requestCase, approveCase, rejectCase, cancelCase, grantCase] = await Promise.all(Array.from({ length: 9 }, () => openCase(false)));
    expectStatus(await client.as(customer.admin).post('case', `/api/v1/cases/${closedCaseId}/close`), 200, 'close fixture case');

    // Requests, filed once the access service knows each case from the case events.
    const file = (caseId: string): Promise<string> =>
      eventually(async () => {
        const reply = await client.as(grantedEngineer).post('access', '/api/v1/access-requests', { caseId, resourceTenantId: tenantId, justification: 'matrix fixture' });
        return reply.status === 201 ? (reply.body.id as string) : undefined;
      }, { what: `a request for case ${caseId}`, timeoutMs: 20_000 });
    const [requestId, approveRequestId, rejectRequestId, cancelRequestId, grantRequestId] = await Promise.all([requestCase, approveCase, rejectCase, cancelCase, grantCase].map(file));
    expectStatus(await client.as(customer.admin).post('access', `/api/v1/access-requests/${grantRequestId}/approve`), 200, 'approve fixture request');
    const grants = expectStatus(await client.as(customer.admin).get('access', `/api/v1/access-grants?tenantId=${tenantId}&limit=100`), 200, 'grants');
    const grantId: string = grants.body.items.find((grant: { requestId: string | null }) => grant.requestId === grantRequestId).id;

    // The live grant of the consented case, and every membership where the matrix asks about it.
    await eventually(async () => (await client.as(grantedEngineer).get('access', `/api/v1/access-grants/check?tenantId=${tenantId}`)).body?.allowed === true, {
      what: 'the consent grant',
      timeoutMs: 20_000,
    });
    await eventually(async () => {
      const members = await client.as(customer.admin).get('workspace', `/api/v1/workspaces/${workspaceId}/members?limit=100`);
      return spares.every((spare) => members.body.items?.some((member: { userId: string }) => member.userId === spare.id));
    }, { what: 'the spare members', timeoutMs: 20_000 });

    f = {
      customer, other, users, spares, invitationId: pending.body.id, consentCaseId, closeCaseIds: [close0, close1], closedCaseId, filingCaseId,
      requestId, approveRequestId, rejectRequestId, cancelRequestId, grantId,
    };
  }, 180_000);

  afterAll(async () => {
    await system?.stop();
  });

  const call = (row: Row, role: Role): Promise<Reply> => {
    const params = row.params?.(f, role) ?? {};
    const template = row.query ? `${row.path}?${row.query}` : row.path;
    const path = template.replace(/\{(\w+)\}/g, (_, name: string) => {
      if (!(name in params)) throw new Error(`no value for {${name}} in ${template}`);
      return encodeURIComponent(params[name]);
    });
    return client.call(row.service, row.method, path, role === 'anonymous' ? null : f.users[role], row.body?.(f, role));
  };

  it.each(CELLS.map((cell) => [cellName(cell), cell] as const))('%s', async (_name, { row, role, status }) => {
    const reply = await call(row, role);
    // The reply's body only when the status is not the expected one: it says why.
    expect({ status: reply.status, body: reply.status === status ? '(as expected)' : reply.body }).toEqual({ status, body: '(as expected)' });
    if (status >= 400 && row.method !== 'HEAD') {
      // Errors are {statusCode, error, code, message} with a stable code (DESIGN §8).
      expect(reply.body).toEqual(expect.objectContaining({ statusCode: status, code: expect.any(String), message: expect.any(String) }));
    }
  });

  it('gives the granted engineer\'s id with the role in a customer tenant\'s token no access, and says why', async () => {
    const check = await client.as(f.users.engineerWrongTenant).get('access', `/api/v1/access-grants/check?tenantId=${f.customer.tenantId}`);
    expect(check.body).toEqual({ allowed: false });
    const read = await client.as(f.users.engineerWrongTenant).get('access', `/api/v1/tenants/${f.customer.tenantId}/diagnostics/sign-ins`);
    expect([read.status, read.body.code]).toEqual([403, 'SUPPORT_ENGINEER_REQUIRED']);
    const engineers = await client.as(f.users.managerWrongTenant).get('case', '/api/v1/engineers');
    expect([engineers.status, engineers.body.code]).toEqual([403, 'ROLE_REQUIRED']);
  });

  it('the table has a row for every /api/v1 route each service documents in OpenAPI, and only those', async () => {
    const documented = new Set<string>();
    for (const service of SERVICE_NAMES) {
      const docs = expectStatus(await client.call(service, 'GET', '/docs/json', null), 200, `${service} OpenAPI`).body;
      for (const [path, operations] of Object.entries(docs.paths as Record<string, Record<string, unknown>>)) {
        if (!path.startsWith('/api/v1/')) continue;
        for (const method of Object.keys(operations)) {
          if (['get', 'post', 'put', 'patch', 'delete', 'head', 'options'].includes(method)) documented.add(routeKey(service, method, path));
        }
      }
    }
    const tabled = new Set(TABLE.filter((row) => !row.undocumented).map((row) => routeKey(row.service, row.method, row.path)));
    expect(documented.size).toBeGreaterThan(30);
    expect({ missingFromTable: [...documented].filter((key) => !tabled.has(key)).sort() }).toEqual({ missingFromTable: [] });
    expect({ notServed: [...tabled].filter((key) => !documented.has(key)).sort() }).toEqual({ notServed: [] });
  });
});
