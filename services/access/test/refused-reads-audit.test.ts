// Refused diagnostic reads leave a trace in the tenant's audit trail, bounded: one record per
// caller, tenant and data set a minute, and at most RATE_LIMIT_PER_MINUTE refusals a minute.
import { randomUUID } from 'node:crypto';
import { ManualClock } from '@support-hub/platform';
import { eventually } from '@support-hub/testing';
import { person, SupportHarness, SUPPORT_ADMIN_ROLE, TENANT_A, TENANT_B, VENDOR_TENANT, type TestUser } from './support/support-hub.harness';

const REFUSALS_PER_MINUTE = 4;

interface AuditLine {
  action: string;
  actorId: string;
  tenantId: string;
  reason: string | null;
  details: Record<string, unknown>;
}

describe('Access service: refused diagnostic reads are audited', () => {
  let hub: SupportHarness;
  const clock = new ManualClock();
  const manager = person('Mia Manager', { roles: ['support-manager'], tenantId: VENDOR_TENANT });
  const adminA = person('Ada Admin', { tenantId: TENANT_A, roles: [SUPPORT_ADMIN_ROLE] });
  const adminB = person('Bea Admin', { tenantId: TENANT_B, roles: [SUPPORT_ADMIN_ROLE] });
  const memberA = person('Bob Member', { tenantId: TENANT_A });
  let workspaceId: string;

  beforeAll(async () => {
    hub = await SupportHarness.start({ access: { RATE_LIMIT_PER_MINUTE: String(REFUSALS_PER_MINUTE) }, accessClock: clock });
    workspaceId = await hub.workspace({ admins: [adminA], members: [memberA] });
  });

  afterAll(async () => {
    await hub?.stop();
  });

  const engineer = (name: string) => person(name, { roles: ['support-engineer'], tenantId: VENDOR_TENANT });
  const read = (user: TestUser, tenantId: string, set = 'sign-ins') =>
    hub.access().get(`/api/v1/tenants/${tenantId}/diagnostics/${set}`).set('authorization', hub.bearer(user));
  const refusalsOf = async (admin: TestUser, tenantId: string, actor: TestUser): Promise<AuditLine[]> => {
    const audit = await hub.access().get(`/api/v1/audit?tenantId=${tenantId}&limit=100`).set('authorization', hub.bearer(admin)).expect(200);
    return (audit.body.items as AuditLine[]).filter((line) => line.action === 'diagnostics.read-refused' && line.actorId === actor.id);
  };

  it('records who was refused which data set of which tenant, and why, for that tenant\'s admins only', async () => {
    const eli = engineer('Eli Engineer');
    expect((await read(eli, TENANT_A)).body).toMatchObject({ statusCode: 403, code: 'ACCESS_NOT_GRANTED' });
    const [line] = await eventually(async () => {
      const lines = await refusalsOf(adminA, TENANT_A, eli);
      return lines.length > 0 ? lines : undefined;
    }, { what: 'the refusal in the audit trail of tenant A' });
    expect(line).toMatchObject({
      tenantId: TENANT_A,
      actorId: eli.id,
      reason: 'no live access grant or consent for this caller',
      details: { dataset: 'sign-ins', actorTenantId: VENDOR_TENANT },
    });
    expect(await refusalsOf(adminB, TENANT_B, eli)).toEqual([]);
    // A member of the tenant without the support-access permission does not read the trail.
    expect((await hub.access().get(`/api/v1/audit?tenantId=${TENANT_A}`).set('authorization', hub.bearer(memberA))).status).toBe(403);
  });

  it('keeps one record per caller, tenant and data set a minute, however often the read is retried', async () => {
    const ivy = engineer('Ivy Engineer');
    for (let attempt = 0; attempt < 2; attempt++) expect((await read(ivy, TENANT_A)).status).toBe(403);
    expect((await read(ivy, TENANT_A, 'audit-logs')).status).toBe(403);
    const datasets = async () => (await refusalsOf(adminA, TENANT_A, ivy)).map((line) => line.details.dataset).sort();
    await eventually(async () => (await datasets()).includes('audit-logs'), { what: 'the audit-logs refusal in the trail' });
    expect(await datasets()).toEqual(['audit-logs', 'sign-ins']);

    clock.advance(61_000);
    expect((await read(ivy, TENANT_A)).status).toBe(403);
    await eventually(async () => (await datasets()).length === 3, { what: 'the next minute\'s refusal in the trail' });
    expect(await datasets()).toEqual(['audit-logs', 'sign-ins', 'sign-ins']);
  });

  it('answers 429 once a caller has been refused RATE_LIMIT_PER_MINUTE times, and records nothing more', async () => {
    const sam = engineer('Sam Scanner');
    const probedTenants = Array.from({ length: REFUSALS_PER_MINUTE + 3 }, () => randomUUID());
    const statuses: number[] = [];
    for (const tenantId of probedTenants) statuses.push((await read(sam, tenantId)).status);
    expect(statuses).toEqual([...Array(REFUSALS_PER_MINUTE).fill(403), 429, 429, 429]);
    expect((await read(sam, probedTenants[0])).body).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED' });
    // Another caller from the same address is not held back by Sam's refusals.
    expect((await read(engineer('Nia Engineer'), probedTenants[0])).status).toBe(403);
    const lastRecorded = probedTenants[REFUSALS_PER_MINUTE - 1];
    const admin = person('Probed Admin', { tenantId: lastRecorded, roles: [SUPPORT_ADMIN_ROLE] });
    await eventually(async () => (await refusalsOf(admin, lastRecorded, sam)).length === 1, { what: 'the last refusal within the budget to be recorded' });
    const beyond = probedTenants[REFUSALS_PER_MINUTE];
    expect(await refusalsOf(person('Other Admin', { tenantId: beyond, roles: [SUPPORT_ADMIN_ROLE] }), beyond, sam)).toEqual([]);
  });

  it('does not count granted reads against the budget of refusals', async () => {
    const erin = engineer('Erin Engineer');
    await hub.registerEngineer(manager, erin, ['identity-budget']);
    await hub.openCase(memberA, workspaceId, { allowAdvancedDiagnostics: true, productArea: 'identity-budget' });
    // Waits on the check, not on reads: refused reads while the grant is on its way would spend the budget.
    await eventually(async () => (await hub.access().get(`/api/v1/access-grants/check?tenantId=${TENANT_A}`).set('authorization', hub.bearer(erin))).body.allowed, {
      what: 'consent access to be granted',
    });
    for (let attempt = 0; attempt < REFUSALS_PER_MINUTE + 2; attempt++) expect((await read(erin, TENANT_A)).status).toBe(200);
  });
});
