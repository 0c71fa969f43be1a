// The journey of DESIGN.md, end to end, through the HTTP APIs of the four services started as
// separate processes (the compiled code `npm start` runs) over the machine's RabbitMQ: from a
// contract to revoked access. Each step waits for the previous one's events with a probe. The
// same story runs against the services' own ports, through the gateway of the embedded default
// and through nginx configured from the route table (when nginx is installed).
import { randomUUID } from 'node:crypto';
import { SERVICE_NAMES, type ServiceName } from '@support-hub/contracts';
import { eventually } from '@support-hub/testing';
import { EntryPoint, NGINX } from '../support/entry-points';
import { SystemUnderTest } from '../support/system-under-test';
import { expectStatus, person, Person, SystemClient, VENDOR_TENANT } from '../support/system-client';

type Entry = 'the services’ own ports' | 'the gateway' | 'nginx';
const ENTRIES: Entry[] = ['the services’ own ports', 'the gateway', ...(NGINX ? (['nginx'] as const) : [])];

let system: SystemUnderTest;
const entryPoints: EntryPoint[] = [];

beforeAll(async () => {
  system = await SystemUnderTest.start();
}, 180_000);

afterAll(async () => {
  await Promise.all(entryPoints.map((entry) => entry.stop()));
  await system?.stop();
});

async function clientThrough(entry: Entry): Promise<SystemClient> {
  if (entry === 'the services’ own ports') return new SystemClient(system);
  const upstreams = Object.fromEntries(SERVICE_NAMES.map((service) => [service, [system.url(service)]])) as Record<ServiceName, string[]>;
  const started = entry === 'the gateway' ? await EntryPoint.gateway(upstreams) : await EntryPoint.nginx(upstreams);
  entryPoints.push(started);
  return new SystemClient(system, started.url);
}

describe.each(ENTRIES)('Support Hub, from a contract to revoked access, through %s', (entry) => {
  let client: SystemClient;

  const customerTenant = randomUUID();
  const resourceTenant = randomUUID(); // another tenant of the customer's group, where a problem occurs
  const csam = person('Carla CSAM', VENDOR_TENANT, ['csam']);
  const manager = person('Max Manager', VENDOR_TENANT, ['support-manager']);
  const engineer = person('Erin Engineer', VENDOR_TENANT, ['support-engineer']);
  const ada = person('Ada', customerTenant, ['Global Administrator']);
  const bob = person('Bob', customerTenant);
  const otto = person('Otto', resourceTenant, ['Service Support Administrator']);
  const productArea = `identity-${randomUUID().slice(0, 8)}`;

  // What one step learns and a later one uses.
  let contractId: string;
  let workspaceId: string;
  let consentCaseId: string;
  let crossTenantCaseId: string;
  let requestId: string;

  const as = (user: Person) => client.as(user);

  beforeAll(async () => {
    client = await clientThrough(entry);
  }, 60_000);

  it('1. a CSAM creates a contract and activates it: the default workspace appears by itself', async () => {
    const created = expectStatus(await as(csam).post('workspace', '/api/v1/contracts', {
      customerName: 'Contoso',
      customerTenantId: customerTenant,
      type: 'unified',
      startsAt: '2026-01-01T00:00:00Z',
      endsAt: '2099-12-31T00:00:00Z',
      serviceAdmin: { email: ada.email, name: ada.name },
      supportContacts: [{ email: bob.email, name: bob.name }],
      services: ['reactive-support', 'proactive-assessments'],
    }), 201);
    expect(created.body).toMatchObject({ id: expect.any(String), status: 'draft', csamId: csam.id });
    contractId = created.body.id;

    const activated = expectStatus(await as(csam).post('workspace', `/api/v1/contracts/${contractId}/activate`), 200);
    expect(activated.body).toMatchObject({ id: contractId, status: 'active', defaultWorkspaceId: expect.any(String) });
    workspaceId = activated.body.defaultWorkspaceId;

    const workspace = expectStatus(await as(csam).get('workspace', `/api/v1/workspaces/${workspaceId}`), 200);
    expect(workspace.body).toMatchObject({
      id: workspaceId,
      contractId,
      isDefault: true,
      services: expect.arrayContaining(['reactive-support', 'proactive-assessments']),
      settings: { allowPersonalAccounts: false },
    });
  });

  it('2. the service administrator and the support contact find their invitations in the mailbox', async () => {
    const invitations = await eventually(async () => {
      const reply = await as(csam).get('invitation', `/api/v1/workspaces/${workspaceId}/invitations`);
      return reply.status === 200 && reply.body.items.length === 2 ? reply.body.items : undefined;
    }, { what: 'the invitation service to invite the default workspace people' });
    expect(invitations).toEqual(expect.arrayContaining([
      expect.objectContaining({ email: ada.email, role: 'admin', status: 'pending' }),
      expect.objectContaining({ email: bob.email, role: 'member', status: 'pending' }),
    ]));
    // The token travels only in the email.
    expect(JSON.stringify(invitations)).not.toMatch(/token/i);
    await client.invitationToken(ada.email);
    await client.invitationToken(bob.email);
  });

  it('3. they accept while signed in and become admin and member', async () => {
    const adaToken = await client.invitationToken(ada.email);
    const accepted = expectStatus(await as(ada).post('invitation', '/api/v1/invitations/accept', { token: adaToken }), 200);
    expect(accepted.body).toMatchObject({ workspaceId, role: 'admin' });
    // Single use.
    expect((await as(ada).post('invitation', '/api/v1/invitations/accept', { token: adaToken })).status).toBe(409);

    const bobToken = await client.invitationToken(bob.email);
    // Another person cannot use Bob's link.
    expect((await as(ada).post('invitation', '/api/v1/invitations/accept', { token: bobToken })).body.code).toBe('INVITATION_EMAIL_MISMATCH');
    expectStatus(await as(bob).post('invitation', '/api/v1/invitations/accept', { token: bobToken }), 200);

    const mine = await eventually(async () => {
      const reply = await as(ada).get('workspace', '/api/v1/workspaces');
      return reply.body.items?.length === 1 ? reply.body.items : undefined;
    }, { what: "Ada's membership to appear" });
    expect(mine[0]).toMatchObject({ id: workspaceId, name: 'Default', role: 'admin' });

    const members = await eventually(async () => {
      const reply = await as(ada).get('workspace', `/api/v1/workspaces/${workspaceId}/members`);
      return reply.body.items?.length === 2 ? reply.body.items : undefined;
    }, { what: "Bob's membership to appear" });
    expect(members).toEqual(expect.arrayContaining([
      expect.objectContaining({ userId: ada.id, email: ada.email, role: 'admin' }),
      expect.objectContaining({ userId: bob.id, email: bob.email, role: 'member' }),
    ]));
    // Nobody outside sees the workspace, nor can confirm it exists.
    expect((await as(otto).get('workspace', `/api/v1/workspaces/${workspaceId}`)).status).toBe(404);
  });

  it('4. a support manager registers an engineer', async () => {
    const registered = expectStatus(await as(manager).post('case', '/api/v1/engineers', {
      userId: engineer.id,
      name: engineer.name,
      email: engineer.email,
      expertise: [productArea],
    }), 201);
    expect(registered.body).toMatchObject({ userId: engineer.id, active: true });
  });

  it('5. Ada opens a case with diagnostics consent; it is assigned to the engineer', async () => {
    // The case service learns memberships from the workspace service's events.
    await eventually(async () => (await as(ada).get('case', `/api/v1/workspaces/${workspaceId}/cases`)).status === 200, {
      what: 'the case service to know Ada as a member',
    });
    const opened = expectStatus(await as(ada).post('case', `/api/v1/workspaces/${workspaceId}/cases`, {
      title: 'Sign-in failures',
      description: 'Users cannot sign in since this morning',
      severity: 'B',
      productArea,
      allowAdvancedDiagnostics: true,
    }), 201);
    expect(opened.body).toMatchObject({
      workspaceId,
      requestTenantId: customerTenant,
      resourceTenantId: customerTenant,
      status: 'open',
      assignedEngineerId: engineer.id,
      allowAdvancedDiagnostics: true,
    });
    consentCaseId = opened.body.id;
    expect(expectStatus(await as(engineer).get('case', `/api/v1/cases/${consentCaseId}`), 200).body.id).toBe(consentCaseId);
  });

  it("6. the engineer reads the tenant's diagnostic data (basis: consent), and the read is audited", async () => {
    const check = await eventually(async () => {
      const reply = await as(engineer).get('access', `/api/v1/access-grants/check?tenantId=${customerTenant}`);
      return reply.body.allowed ? reply.body : undefined;
    }, { what: 'the consent grant' });
    expect(check).toMatchObject({ allowed: true, basis: 'consent', grantId: expect.any(String), expiresAt: expect.any(String) });

    const signIns = expectStatus(await as(engineer).get('access', `/api/v1/tenants/${customerTenant}/diagnostics/sign-ins?limit=2`), 200);
    expect(signIns.body.items).toHaveLength(2);
    // Read-only.
    expect((await as(engineer).post('access', `/api/v1/tenants/${customerTenant}/diagnostics/sign-ins`, {})).status).toBe(405);

    const audit = expectStatus(await as(ada).get('access', `/api/v1/audit?tenantId=${customerTenant}&limit=100`), 200);
    expect(audit.body.items).toEqual(expect.arrayContaining([
      expect.objectContaining({ action: 'diagnostics.read', actorId: engineer.id }),
      expect.objectContaining({ action: 'grant.created', caseId: consentCaseId }),
    ]));
  });

  it('7. a cross-tenant case: access only after approval by an admin of each tenant', async () => {
    const opened = expectStatus(await as(bob).post('case', `/api/v1/workspaces/${workspaceId}/cases`, {
      title: 'Guest sign-ins fail in our subsidiary',
      description: 'Guests from the parent tenant are blocked',
      severity: 'A',
      productArea,
      resourceTenantId: resourceTenant,
      allowAdvancedDiagnostics: true,
    }), 201);
    expect(opened.body).toMatchObject({ requestTenantId: customerTenant, resourceTenantId: resourceTenant, assignedEngineerId: engineer.id });
    crossTenantCaseId = opened.body.id;

    // Consent never crosses tenants.
    expect((await as(engineer).get('access', `/api/v1/tenants/${resourceTenant}/diagnostics/sign-ins`)).body.code).toBe('ACCESS_NOT_GRANTED');

    // The access service learns the case from the case service's events: file once it knows it.
    const filed = await eventually(async () => {
      const reply = await as(engineer).post('access', '/api/v1/access-requests', {
        caseId: crossTenantCaseId,
        resourceTenantId: resourceTenant,
        justification: 'Need the sign-in logs of the subsidiary',
        durationHours: 4,
      });
      return reply.status === 201 ? reply.body : undefined;
    }, { what: 'the access request to be filed' });
    expect(filed).toMatchObject({
      caseId: crossTenantCaseId,
      requestTenantId: customerTenant,
      resourceTenantId: resourceTenant,
      engineerId: engineer.id,
      status: 'pending',
      approvals: [],
    });
    requestId = filed.id;

    // Ada approves for the request tenant: not enough yet.
    const first = expectStatus(await as(ada).post('access', `/api/v1/access-requests/${requestId}/approve`), 200);
    expect(first.body).toMatchObject({ status: 'pending', approvals: [expect.objectContaining({ tenantId: customerTenant, approvedBy: ada.id, at: expect.any(String) })] });
    expect((await as(engineer).get('access', `/api/v1/access-grants/check?tenantId=${resourceTenant}`)).body).toEqual({ allowed: false });

    // Otto approves for the resource tenant: granted.
    const second = expectStatus(await as(otto).post('access', `/api/v1/access-requests/${requestId}/approve`), 200);
    expect(second.body.status).toBe('approved');
    expect((await as(engineer).get('access', `/api/v1/access-grants/check?tenantId=${resourceTenant}`)).body).toMatchObject({ allowed: true, basis: 'request' });
    expectStatus(await as(engineer).get('access', `/api/v1/tenants/${resourceTenant}/diagnostics/audit-logs?limit=3`), 200);

    // Only the resource tenant's admins see the grant.
    const grants = expectStatus(await as(otto).get('access', `/api/v1/access-grants?tenantId=${resourceTenant}`), 200);
    expect(grants.body.items).toEqual([expect.objectContaining({ requestId, caseId: crossTenantCaseId, engineerId: engineer.id, status: 'active', basis: 'request' })]);
    expect((await as(ada).get('access', `/api/v1/access-grants?tenantId=${resourceTenant}`)).status).toBe(404);
  });

  it('8. closing the cases revokes every access at once: the next reads are refused', async () => {
    for (const caseId of [consentCaseId, crossTenantCaseId]) {
      const closed = expectStatus(await as(engineer).post('case', `/api/v1/cases/${caseId}/close`), 200);
      expect(closed.body.status).toBe('closed');
    }
    for (const tenantId of [customerTenant, resourceTenant]) {
      const refused = await eventually(async () => {
        const reply = await as(engineer).get('access', `/api/v1/tenants/${tenantId}/diagnostics/sign-ins`);
        return reply.status === 403 ? reply.body : undefined;
      }, { what: `reads of ${tenantId} to be refused after the close` });
      expect(refused).toMatchObject({ statusCode: 403, code: 'ACCESS_NOT_GRANTED' });
      expect((await as(engineer).get('access', `/api/v1/access-grants/check?tenantId=${tenantId}`)).body).toEqual({ allowed: false });
    }
    // Reads are refused the moment the grant starts ending (fail closed, before its transaction
    // commits); the grant record shows the end once that transaction has committed.
    const ended = await eventually(async () => {
      const reply = await as(otto).get('access', `/api/v1/access-grants?tenantId=${resourceTenant}`);
      return reply.status === 200 && reply.body.items[0]?.status !== 'active' ? reply.body.items : undefined;
    }, { what: 'the grant record to show its end' });
    expect(ended).toEqual([expect.objectContaining({ status: 'completed', endReason: 'case-closed' })]);
    await eventually(async () => (await as(ada).get('access', `/api/v1/access-requests/${requestId}`)).body.status === 'completed', {
      what: 'the request to be completed',
    });

    // Reopening never brings access back.
    expectStatus(await as(ada).post('case', `/api/v1/cases/${consentCaseId}/reopen`), 200);
    const reopened = await eventually(async () => {
      const reply = await as(ada).get('workspace', `/api/v1/activity?workspaces=${workspaceId}`);
      return reply.body.workspaces?.[0]?.cases.open === 1 ? reply : undefined;
    }, { what: 'the reopened case to reach Customer Activity' });
    expect(reopened.status).toBe(200);
    expect((await as(engineer).get('access', `/api/v1/access-grants/check?tenantId=${customerTenant}`)).body).toEqual({ allowed: false });
    expectStatus(await as(engineer).post('case', `/api/v1/cases/${consentCaseId}/close`), 200);
  });

  it('9. Customer Activity shows the case counts, no open grant and the feed', async () => {
    const activity = await eventually(async () => {
      const reply = await as(ada).get('workspace', '/api/v1/activity?workspaces=all');
      const mine = reply.body.workspaces?.find((workspace: { id: string }) => workspace.id === workspaceId);
      return mine?.cases.closed === 2 && mine.openAccessGrants === 0 ? reply.body : undefined;
    }, { what: 'Customer Activity to show both cases closed and no open grant', timeoutMs: 20_000 });
    const mine = activity.workspaces.find((workspace: { id: string }) => workspace.id === workspaceId);
    expect(mine).toMatchObject({
      name: 'Default',
      contract: { id: contractId, customerName: 'Contoso', type: 'unified', status: 'active' },
      cases: { total: 2, open: 0, closed: 2, closedBySeverity: { A: 1, B: 1, C: 0 } },
      openAccessGrants: 0,
    });
    const feed = mine.recentActivity.map((entry: { type: string }) => entry.type);
    expect(feed).toEqual(expect.arrayContaining(['case.opened', 'case.closed']));
    // A member without the customerActivity permission does not see it; the CSAM does.
    expect((await as(bob).get('workspace', `/api/v1/activity?workspaces=${workspaceId}`)).status).toBe(403);
    expectStatus(await as(csam).get('workspace', `/api/v1/activity?workspaces=${workspaceId}`), 200);
  });
});
