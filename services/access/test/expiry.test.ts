// Expiry with a controlled clock: unanswered requests (4 days), grants (8 hours by default, or
// the duration asked for) — checked on every read, and recorded by the sweep.
import { ManualClock } from '@support-hub/platform';
import { eventually } from '@support-hub/testing';
import { EventTap } from './support/event-tap';
import { person, SupportHarness, SUPPORT_ADMIN_ROLE, TENANT_A, VENDOR_TENANT, type TestUser } from './support/support-hub.harness';

const HOUR = 3_600_000;

describe('Expiry of requests and grants', () => {
  let hub: SupportHarness;
  let tap: EventTap;
  const clock = new ManualClock(new Date());
  const manager = person('Mia Manager', { roles: ['support-manager'], tenantId: VENDOR_TENANT });
  const admin = person('Ada Admin', { tenantId: TENANT_A, roles: [SUPPORT_ADMIN_ROLE] });
  const member = person('Bob Member', { tenantId: TENANT_A });
  let workspaceId: string;

  beforeAll(async () => {
    hub = await SupportHarness.start({ accessClock: clock, access: { ACCESS_EXPIRY_SWEEP_MS: '200' } });
    tap = await EventTap.open(hub.env.amqpUrl, hub.env.exchange, ['access.revoked', 'access.request-ended']);
    workspaceId = await hub.workspace({ admins: [admin], members: [member] });
  });

  afterAll(async () => {
    await tap?.close();
    await hub?.stop();
  });

  async function caseWithEngineer(name: string, consent = false): Promise<{ engineer: TestUser; caseId: string }> {
    const engineer = person(name, { roles: ['support-engineer'], tenantId: VENDOR_TENANT });
    const productArea = `area-${engineer.id}`;
    await hub.registerEngineer(manager, engineer, [productArea]);
    const opened = await hub.openCase(member, workspaceId, { productArea, allowAdvancedDiagnostics: consent });
    return { engineer, caseId: opened.id };
  }

  const check = async (user: TestUser) =>
    (await hub.access().get(`/api/v1/access-grants/check?tenantId=${TENANT_A}`).set('authorization', hub.bearer(user)).expect(200)).body;
  const approve = (requestId: string) => hub.access().post(`/api/v1/access-requests/${requestId}/approve`).set('authorization', hub.bearer(admin));

  it('an unanswered request expires after 4 days', async () => {
    const { engineer, caseId } = await caseWithEngineer('Slow Engineer');
    const filed = await hub.fileRequest(engineer, { caseId, resourceTenantId: TENANT_A });
    clock.advance(96 * HOUR - 1000);
    expect((await hub.access().get(`/api/v1/access-requests/${filed.id}`).set('authorization', hub.bearer(admin)).expect(200)).body.status).toBe('pending');

    clock.advance(1000);
    // Checked on read, before any sweep has run.
    expect((await hub.access().get(`/api/v1/access-requests/${filed.id}`).set('authorization', hub.bearer(admin)).expect(200)).body).toMatchObject({
      status: 'expired',
      endReason: 'expired',
    });
    expect((await approve(filed.id).expect(409)).body.code).toBe('REQUEST_EXPIRED');
    const ended = await eventually(() => tap.of('access.request-ended', (event) => event.data.requestId === filed.id)[0], { what: 'the sweep to record it' });
    expect(ended.data.outcome).toBe('expired');
    const audit = await hub.access().get(`/api/v1/audit?tenantId=${TENANT_A}&limit=100`).set('authorization', hub.bearer(admin)).expect(200);
    expect(audit.body.items.find((record: { requestId: string; action: string }) => record.requestId === filed.id && record.action === 'request.expired')).toMatchObject({
      actorId: 'system',
    });
    // A new request may be filed for the same case and tenant.
    await hub.fileRequest(engineer, { caseId, resourceTenantId: TENANT_A });
  });

  it('a grant ends at its expiry (8 hours by default) on the very next read', async () => {
    const { engineer, caseId } = await caseWithEngineer('Eight Hours Engineer');
    const filed = await hub.fileRequest(engineer, { caseId, resourceTenantId: TENANT_A });
    const grantId = (await approve(filed.id).expect(200)).body.grantId;
    clock.advance(8 * HOUR - 1000);
    expect(await check(engineer)).toMatchObject({ allowed: true, grantId });
    expect((await hub.diagnostics(engineer, TENANT_A)).status).toBe(200);

    clock.advance(1000);
    expect(await check(engineer)).toEqual({ allowed: false });
    expect((await hub.diagnostics(engineer, TENANT_A)).status).toBe(403);
    const grants = await hub.access().get(`/api/v1/access-grants?tenantId=${TENANT_A}`).set('authorization', hub.bearer(admin)).expect(200);
    expect(grants.body.items.find((grant: { id: string }) => grant.id === grantId)).toMatchObject({ status: 'expired', endReason: 'expired' });
    const revoked = await eventually(() => tap.of('access.revoked', (event) => event.data.grantId === grantId)[0], { what: 'access.revoked expired' });
    expect(revoked.data.reason).toBe('expired');
    expect((await hub.access().get(`/api/v1/access-requests/${filed.id}`).set('authorization', hub.bearer(admin)).expect(200)).body.status).toBe('expired');
  });

  it('a grant lasts the duration the engineer asked for', async () => {
    const { engineer, caseId } = await caseWithEngineer('Two Hours Engineer');
    const filed = await hub.fileRequest(engineer, { caseId, resourceTenantId: TENANT_A, durationHours: 2 });
    await approve(filed.id).expect(200);
    clock.advance(2 * HOUR - 1000);
    expect((await check(engineer)).allowed).toBe(true);
    clock.advance(1000);
    expect((await check(engineer)).allowed).toBe(false);
  });

  it('consent access does not lapse after 8 hours: it lasts while the case is open and consent stands', async () => {
    const { engineer } = await caseWithEngineer('Consent Engineer', true);
    await eventually(async () => (await check(engineer)).allowed === true, { what: 'consent access' });
    clock.advance(9 * HOUR);
    expect(await check(engineer)).toMatchObject({ allowed: true, basis: 'consent' });
  });
});
