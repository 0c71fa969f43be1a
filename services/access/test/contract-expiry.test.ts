// A contract's term ends: the case service refuses new cases, the access service ends every live
// grant of the contract's workspaces (`contract-expired`, once, even for a duplicate event) and
// cancels pending requests, and refuses new requests and approvals (409 CONTRACT_EXPIRED) until a
// renewal. Approvers may shorten the requested duration; the shortest approval applies; they list
// what awaits them by case.
import { randomUUID } from 'node:crypto';
import type { EventData } from '@support-hub/contracts';
import { eventually } from '@support-hub/testing';
import { EventTap } from './support/event-tap';
import { person, SupportHarness, SUPPORT_ADMIN_ROLE, TENANT_A, TENANT_B, VENDOR_TENANT, type TestUser } from './support/support-hub.harness';

const HOUR = 3_600_000;

describe('Contract expiry ends access; approvals may shorten it', () => {
  let hub: SupportHarness;
  let tap: EventTap;
  const manager = person('Mia Manager', { roles: ['support-manager'], tenantId: VENDOR_TENANT });
  const adminA = person('Ada Admin A', { tenantId: TENANT_A, roles: [SUPPORT_ADMIN_ROLE] });
  const adminB = person('Ben Admin B', { tenantId: TENANT_B, roles: ['Global Administrator'] });
  const member = person('Bob Member', { tenantId: TENANT_A });

  beforeAll(async () => {
    hub = await SupportHarness.start();
    tap = await EventTap.open(hub.env.amqpUrl, hub.env.exchange, ['access.revoked', 'access.request-ended', 'access.approved', 'access.requested']);
  });

  afterAll(async () => {
    await tap?.close();
    await hub?.stop();
  });

  const as = (user: TestUser) => ({
    get: (path: string) => hub.access().get(path).set('authorization', hub.bearer(user)),
    post: (path: string, body: object = {}) => hub.access().post(path).set('authorization', hub.bearer(user)).send(body),
  });

  /** A workspace of its own contract, an engineer of its own product area, so nothing of another test lands here. */
  async function setting(name: string) {
    const contractId = randomUUID();
    const workspaceId = await hub.workspace({ admins: [adminA], members: [member], contractId });
    const engineer = person(`${name} Engineer`, { roles: ['support-engineer'], tenantId: VENDOR_TENANT });
    const productArea = `area-${randomUUID().slice(0, 8)}`;
    await hub.registerEngineer(manager, engineer, [productArea]);
    return { contractId, workspaceId, engineer, productArea };
  }

  /** The contract as the workspace service states it in contract.* events. */
  const contractData = (contractId: string, workspaceId: string, endsAt: Date, revision: number) => ({
    contractId,
    customerTenantId: TENANT_A,
    customerName: 'Contoso',
    type: 'unified' as const,
    status: (endsAt.getTime() <= Date.now() ? 'expired' : 'active') as 'expired' | 'active',
    startsAt: new Date(Date.now() - 100 * 24 * HOUR).toISOString(),
    endsAt: endsAt.toISOString(),
    services: ['reactive-support'],
    csamId: null,
    accountCoordinatorId: null,
    workspaceIds: [workspaceId],
    revision,
  });
  const expired = (contractId: string, workspaceId: string, revision: number): EventData<'contract.expired'> => ({
    ...contractData(contractId, workspaceId, new Date(Date.now() - HOUR), revision),
    expiredAt: new Date().toISOString(),
  });
  const updated = (contractId: string, workspaceId: string, endsAt: Date, revision: number): EventData<'contract.updated'> => ({
    ...contractData(contractId, workspaceId, endsAt, revision),
    changed: ['endsAt'],
    reactivated: endsAt.getTime() > Date.now(),
  });

  it('ends every live grant of the workspaces once, cancels pending requests, refuses new requests, approvals and cases; a renewal lifts it', async () => {
    const { contractId, workspaceId, engineer, productArea } = await setting('Exp');
    const consentCase = await hub.openCase(member, workspaceId, { productArea, allowAdvancedDiagnostics: true });
    const consent = await eventually(async () => {
      const answer = (await as(engineer).get(`/api/v1/access-grants/check?tenantId=${TENANT_A}`).expect(200)).body;
      return answer.allowed ? answer : undefined;
    }, { what: 'consent access' });
    const crossCase = await hub.openCase(member, workspaceId, { productArea, resourceTenantId: TENANT_B });
    const pending = await hub.fileRequest(engineer, { caseId: crossCase.id, resourceTenantId: TENANT_B });

    const event = await hub.publish('contract.expired', expired(contractId, workspaceId, 5));
    await hub.publish('contract.expired', expired(contractId, workspaceId, 5), { id: event.id }); // a duplicate
    const revoked = await eventually(() => tap.of('access.revoked', (candidate) => candidate.data.grantId === consent.grantId)[0], { what: 'access.revoked' });
    expect(revoked.data).toMatchObject({ reason: 'contract-expired', caseId: consentCase.id, workspaceId });
    expect((await as(engineer).get(`/api/v1/access-grants/check?tenantId=${TENANT_A}`).expect(200)).body.allowed).toBe(false);
    expect((await hub.diagnostics(engineer, TENANT_A)).status).toBe(403);
    await eventually(() => tap.of('access.request-ended', (candidate) => candidate.data.requestId === pending.id)[0], { what: 'the pending request cancelled' });
    expect((await as(adminA).get(`/api/v1/access-requests/${pending.id}`).expect(200)).body.status).toBe('cancelled');
    await hub.accessDrained();
    expect(tap.of('access.revoked', (candidate) => candidate.data.grantId === consent.grantId)).toHaveLength(1);

    // Nothing new under the ended contract: requests (access), approvals (access), cases (case service).
    const refusedRequest = await as(engineer).post('/api/v1/access-requests', { caseId: crossCase.id, resourceTenantId: TENANT_B, justification: 'again' }).expect(409);
    expect(refusedRequest.body.code).toBe('CONTRACT_EXPIRED');
    await hub.publish('contract.created', { ...contractData(contractId, workspaceId, new Date(Date.now() - HOUR), 1) });
    await eventually(
      async () => (await hub.case().post(`/api/v1/workspaces/${workspaceId}/cases`).set('authorization', hub.bearer(member)).send({ title: 'Late', description: 'x', severity: 'C', productArea, allowAdvancedDiagnostics: false })).status === 409,
      { what: 'the case service to refuse cases under the ended contract' },
    );
    const refusedCase = await hub.case().post(`/api/v1/workspaces/${workspaceId}/cases`).set('authorization', hub.bearer(member)).send({ title: 'Late', description: 'x', severity: 'C', productArea, allowAdvancedDiagnostics: false }).expect(409);
    expect(refusedCase.body.code).toBe('CONTRACT_EXPIRED');

    // Renewed (a newer revision): requests and cases again.
    await hub.publish('contract.updated', updated(contractId, workspaceId, new Date(Date.now() + 1000 * HOUR), 6));
    const again = await hub.fileRequest(engineer, { caseId: crossCase.id, resourceTenantId: TENANT_B }, [404, 409]);
    expect(again.status).toBe('pending');
    await eventually(
      async () => (await hub.case().post(`/api/v1/workspaces/${workspaceId}/cases`).set('authorization', hub.bearer(member)).send({ title: 'Back', description: 'x', severity: 'C', productArea, allowAdvancedDiagnostics: false })).status === 201,
      { what: 'cases again after the renewal' },
    );
    // A term shortened to the past (contract.updated) refuses approvals at once, before any contract.expired.
    await hub.publish('contract.updated', updated(contractId, workspaceId, new Date(Date.now() - HOUR), 7));
    await eventually(async () => (await as(adminA).post(`/api/v1/access-requests/${again.id}/approve`)).status === 409, { what: 'approvals refused' });
    const refusedApproval = await as(adminB).post(`/api/v1/access-requests/${again.id}/approve`).expect(409);
    expect(refusedApproval.body.code).toBe('CONTRACT_EXPIRED');
  });

  it('an approver shortens the duration (never lengthens it); the shortest approval applies, and is audited and published', async () => {
    const { workspaceId, engineer, productArea } = await setting('Short');
    const opened = await hub.openCase(member, workspaceId, { productArea, resourceTenantId: TENANT_B });
    const filed = await hub.fileRequest(engineer, { caseId: opened.id, resourceTenantId: TENANT_B, durationHours: 8 });
    const requested = await eventually(() => tap.of('access.requested', (event) => event.data.requestId === filed.id)[0], { what: 'access.requested' });
    // What the approvers' and the engineer's emails are written from.
    expect(requested.data).toMatchObject({ justification: 'Need the sign-in logs', durationHours: 8, engineerEmail: engineer.email, engineerName: engineer.name });

    // What awaits the admins, of one case: ?status=pending&caseId=.
    const awaiting = await as(adminB).get(`/api/v1/access-requests?tenantId=${TENANT_B}&status=pending&caseId=${opened.id}`).expect(200);
    expect(awaiting.body.items.map((item: { id: string }) => item.id)).toEqual([filed.id]);
    expect((await as(adminB).get(`/api/v1/access-requests?tenantId=${TENANT_B}&caseId=${randomUUID()}`).expect(200)).body.items).toEqual([]);
    await as(adminB).get(`/api/v1/access-requests?tenantId=${TENANT_B}&caseId=not-a-case`).expect(400);
    await as(adminB).get(`/api/v1/access-requests?tenantId=${TENANT_B}&caseId[$ne]=x`).expect(400);
    // Another tenant's list is not even confirmable.
    await as(adminA).get(`/api/v1/access-requests?tenantId=${TENANT_B}&caseId=${opened.id}`).expect(404);

    const longer = await as(adminA).post(`/api/v1/access-requests/${filed.id}/approve`, { durationHours: 9 }).expect(400);
    expect(longer.body.code).toBe('DURATION_EXCEEDS_REQUESTED');
    await as(adminA).post(`/api/v1/access-requests/${filed.id}/approve`, { durationHours: 0 }).expect(400);
    await as(adminA).post(`/api/v1/access-requests/${filed.id}/approve`, { durationHours: '4' }).expect(400);
    await as(adminA).post(`/api/v1/access-requests/${filed.id}/approve`, { durationHours: 4, extra: true }).expect(400);
    await as(adminA).post(`/api/v1/access-requests/${filed.id}/approve`, { durationHours: 4 }).expect(200);
    const approved = await as(adminB).post(`/api/v1/access-requests/${filed.id}/approve`, { durationHours: 6 }).expect(200);
    expect(approved.body.status).toBe('approved');
    expect(approved.body.approvals.map((approval: { durationHours: number }) => approval.durationHours)).toEqual([4, 6]);
    const grants = (await as(adminB).get(`/api/v1/access-grants?tenantId=${TENANT_B}&limit=100`).expect(200)).body.items;
    const grant = grants.find((candidate: { requestId: string }) => candidate.requestId === filed.id);
    // The grant starts with the last approval and lasts the shortest approval's hours.
    expect(Date.parse(grant.expiresAt) - Date.parse(approved.body.approvals[1].at)).toBe(4 * HOUR);

    const approvals = await eventually(() => {
      const found = tap.of('access.approved', (event) => event.data.requestId === filed.id);
      return found.length === 2 ? found : undefined;
    }, { what: 'both access.approved' });
    expect(approvals.map((event) => event.data.durationHours).sort()).toEqual([4, 6]);
    const audit = (await as(adminB).get(`/api/v1/audit?tenantId=${TENANT_B}&limit=100`).expect(200)).body.items;
    const lines = audit.filter((line: { requestId: string | null; action: string }) => line.requestId === filed.id && line.action === 'request.approved');
    expect(lines.map((line: { details: { durationHours: number } }) => line.details.durationHours).sort()).toEqual([4, 6]);
  });
});
