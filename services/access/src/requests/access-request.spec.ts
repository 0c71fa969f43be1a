import {
  approve,
  effectiveStatus,
  grantHoursOf,
  effectiveStatusSeenByRequestTenant,
  endHiddenRemoval,
  endPending,
  fileRequest,
  followGrantEnd,
  isFullyApproved,
  reject,
  requiredTenantsOf,
  type AccessRequestRecord,
} from './access-request';
import {
  AlreadyApprovedError,
  ContractExpiredError,
  DurationExceedsRequestedError,
  PersonalAccountNoDiagnosticsError, RequestExpiredError, RequestNotPendingError, SelfApprovalError } from './access-requests.errors';

const NOW = new Date('2030-01-10T12:00:00Z');
/** The case's contract runs (no term this service knows of). */
const OPEN = { contractEndsAt: null };
const BEFORE = new Date('2030-01-10T11:00:00Z');
const AFTER = new Date('2030-01-10T13:00:00Z');

describe('access request rules', () => {
  it('needs one approval for a same-tenant request and two for a cross-tenant one', () => {
    expect(requiredTenantsOf('t1', 't1')).toEqual(['t1']);
    expect(requiredTenantsOf('t1', 't2')).toEqual(['t1', 't2']);
  });

  it('is fully approved only when every tenant involved approved', () => {
    const at = NOW;
    expect(isFullyApproved({ requiredTenantIds: ['a', 'b'], approvals: [{ tenantId: 'a', approvedBy: 'u', at }] })).toBe(false);
    expect(
      isFullyApproved({
        requiredTenantIds: ['a', 'b'],
        approvals: [
          { tenantId: 'b', approvedBy: 'u', at },
          { tenantId: 'a', approvedBy: 'u', at },
        ],
      }),
    ).toBe(true);
  });

  it('reads a pending request past its deadline as expired', () => {
    const request = { status: 'pending' as const, expiresAt: BEFORE, grantExpiresAt: null };
    expect(effectiveStatus(request, NOW)).toBe('expired');
    expect(effectiveStatus({ ...request, expiresAt: AFTER }, NOW)).toBe('pending');
  });

  it('reads an approval past its grant expiry as expired', () => {
    const request = { status: 'approved' as const, expiresAt: BEFORE, grantExpiresAt: BEFORE };
    expect(effectiveStatus(request, NOW)).toBe('expired');
    expect(effectiveStatus({ ...request, grantExpiresAt: AFTER }, NOW)).toBe('approved');
  });

  it('never turns an ended request into something else', () => {
    for (const status of ['rejected', 'cancelled', 'completed', 'removed', 'expired'] as const) {
      expect(effectiveStatus({ status, expiresAt: BEFORE, grantExpiresAt: BEFORE }, NOW)).toBe(status);
    }
  });

  it('lets the request tenant see a removed approval expire as it would have', () => {
    const seen: Pick<AccessRequestRecord, 'statusSeenByRequestTenant' | 'expiresAt' | 'grantExpiresAt'> = {
      statusSeenByRequestTenant: 'approved',
      expiresAt: BEFORE,
      grantExpiresAt: AFTER,
    };
    expect(effectiveStatusSeenByRequestTenant(seen, NOW)).toBe('approved');
    expect(effectiveStatusSeenByRequestTenant(seen, new Date(AFTER.getTime() + 1))).toBe('expired');
  });
});

describe('access request state machine', () => {
  const PERSONAL = '9188040d-6c67-4c5b-b112-36a304b66dad';
  const caseOf = (requestTenantId: string) => ({ _id: 'case-1', workspaceId: 'ws-1', severity: 'B' as const, requestTenantId });
  const filed = (resourceTenantId = 'tenant-a', requestTenantId = 'tenant-a') =>
    fileRequest({ id: 'r1', case: caseOf(requestTenantId), engineerId: 'eng', resourceTenantId, justification: '  logs  ', durationHours: 8, ttlHours: 96, at: BEFORE, contractEndsAt: null });
  const adminOf = (tenantId: string, userId = `admin-of-${tenantId}`) => ({ userId, tenantId });
  const grantId = () => 'grant-1';

  it('files a pending request that needs each tenant involved, trimmed, expiring after its TTL', () => {
    const request = filed('tenant-b');
    expect(request).toMatchObject({ status: 'pending', statusSeenByRequestTenant: 'pending', requiredTenantIds: ['tenant-a', 'tenant-b'], justification: 'logs', approvals: [] });
    expect(request.expiresAt).toEqual(new Date(BEFORE.getTime() + 96 * 3_600_000));
  });

  it.each([
    ['about the Personal tenant', PERSONAL, 'tenant-a'],
    ['on a case the Personal tenant filed', 'tenant-a', PERSONAL],
  ])('refuses a request %s', (_label, resource, requester) => {
    expect(() => filed(resource, requester)).toThrow(PersonalAccountNoDiagnosticsError);
  });

  it('approves once per tenant and issues the grant when the last tenant approves', () => {
    const first = approve(filed('tenant-b'), adminOf('tenant-a'), NOW, grantId, OPEN);
    expect(first.grant).toBeNull();
    expect(first.request.status).toBe('pending');
    expect(() => approve(first.request, adminOf('tenant-a', 'another-admin'), NOW, grantId, OPEN)).toThrow(AlreadyApprovedError);
    const second = approve(first.request, adminOf('tenant-b'), NOW, grantId, OPEN);
    expect(second.grant).toEqual({ id: 'grant-1', hours: 8, expiresAt: new Date(NOW.getTime() + 8 * 3_600_000) });
    expect(second.request).toMatchObject({ status: 'approved', statusSeenByRequestTenant: 'approved', grantId: 'grant-1' });
  });

  it.each([
    ['the requester approves', (request: AccessRequestRecord) => approve(request, { userId: 'eng', tenantId: 'tenant-a' }, NOW, grantId, OPEN), SelfApprovalError],
    ['the requester rejects', (request: AccessRequestRecord) => reject(request, { userId: 'eng', tenantId: 'tenant-a' }, 'no', NOW), SelfApprovalError],
    ['an admin approves after the deadline', (request: AccessRequestRecord) => approve(request, adminOf('tenant-a'), new Date(BEFORE.getTime() + 97 * 3_600_000), grantId, OPEN), RequestExpiredError],
    ['an admin rejects an approved request', (request: AccessRequestRecord) => reject(approve(request, adminOf('tenant-a'), NOW, grantId, OPEN).request, adminOf('tenant-a'), 'late', NOW), RequestNotPendingError],
  ])('refuses when %s', (_label, act, error) => {
    expect(() => act(filed())).toThrow(error);
  });

  it('ends at any rejection, with the reason trimmed (empty: none)', () => {
    expect(reject(filed('tenant-b'), adminOf('tenant-b'), '  not now ', NOW)).toMatchObject({
      status: 'rejected',
      statusSeenByRequestTenant: 'rejected',
      endReason: 'rejected',
      rejection: { tenantId: 'tenant-b', rejectedBy: 'admin-of-tenant-b', reason: 'not now', at: NOW },
    });
    expect(reject(filed(), adminOf('tenant-a'), '   ', NOW).rejection?.reason).toBeNull();
  });

  it.each([
    ['withdrawn', 'cancelled'],
    ['case-closed', 'cancelled'],
    ['reassigned', 'cancelled'],
    ['engineer-deactivated', 'cancelled'],
    ['expired', 'expired'],
  ] as const)('ends a pending request %s as %s, for both tenants', (reason, status) => {
    expect(endPending(filed('tenant-b'), reason, NOW)).toMatchObject({ status, statusSeenByRequestTenant: status, endReason: reason, endedAt: NOW });
  });

  it.each([
    ['case-closed', 'completed', 'completed'],
    ['consent-withdrawn', 'completed', 'completed'],
    ['expired', 'expired', 'expired'],
    ['reassigned', 'completed', 'completed'],
    ['engineer-deactivated', 'completed', 'completed'],
    // A removal is the resource tenant's business: the request tenant keeps seeing the approval.
    ['removed', 'removed', 'approved'],
  ] as const)('follows its grant ending %s: %s (the request tenant sees %s)', (reason, status, seen) => {
    const approved = approve(filed('tenant-b'), adminOf('tenant-a'), NOW, grantId, OPEN).request;
    const both = approve(approved, adminOf('tenant-b'), NOW, grantId, OPEN).request;
    expect(followGrantEnd(both, { reason, endedAt: AFTER })).toMatchObject({ status, statusSeenByRequestTenant: seen, endReason: reason });
    expect(followGrantEnd(filed(), { reason, endedAt: AFTER })).toBeNull();
  });

  it('shows the request tenant a hidden removal ending as it would have: at the case close, or at the grant expiry', () => {
    const approved = approve(filed(), adminOf('tenant-a'), NOW, grantId, OPEN).request;
    const removed = followGrantEnd(approved, { reason: 'removed', endedAt: NOW })!;
    expect(endHiddenRemoval(removed, 'case-closed', AFTER)).toMatchObject({ status: 'removed', statusSeenByRequestTenant: 'completed', endedAtSeenByRequestTenant: AFTER });
    expect(endHiddenRemoval(removed, 'expired', AFTER)).toBeNull(); // its grant would still run
    const later = new Date(NOW.getTime() + 9 * 3_600_000);
    expect(endHiddenRemoval(removed, 'expired', later)).toMatchObject({ statusSeenByRequestTenant: 'expired', endedAtSeenByRequestTenant: removed.grantExpiresAt });
    expect(endHiddenRemoval(approved, 'case-closed', AFTER)).toBeNull();
  });

  it.each([
    ['nobody shortens it', [undefined, undefined], 8],
    ['the request tenant allows 4 hours', [4, undefined], 4],
    ['the resource tenant allows 2 hours', [undefined, 2], 2],
    ['both shorten it: the shortest applies', [6, 3], 3],
  ] as const)('a cross-tenant grant lasts the requested hours unless %s: %d', (_label, [first, second], hours) => {
    const once = approve(filed('tenant-b'), adminOf('tenant-a'), NOW, grantId, { contractEndsAt: null, durationHours: first }).request;
    const outcome = approve(once, adminOf('tenant-b'), NOW, grantId, { contractEndsAt: null, durationHours: second });
    expect(outcome.grant).toEqual({ id: 'grant-1', hours, expiresAt: new Date(NOW.getTime() + hours * 3_600_000) });
    expect(grantHoursOf(outcome.request)).toBe(hours);
    expect(outcome.request.approvals.map((approval) => approval.durationHours)).toEqual([first ?? 8, second ?? 8]);
  });

  it('refuses an approval that would lengthen the requested duration', () => {
    expect(() => approve(filed(), adminOf('tenant-a'), NOW, grantId, { contractEndsAt: null, durationHours: 9 })).toThrow(DurationExceedsRequestedError);
  });

  it('reads approvals stored before approvers could shorten as allowing the requested hours', () => {
    expect(grantHoursOf({ durationHours: 8, approvals: [{ tenantId: 'a', approvedBy: 'u', at: NOW }] })).toBe(8);
  });

  it.each([
    ['filed', () => fileRequest({ id: 'r', case: caseOf('tenant-a'), engineerId: 'eng', resourceTenantId: 'tenant-a', justification: 'x', durationHours: 8, ttlHours: 96, at: NOW, contractEndsAt: NOW })],
    ['approved', () => approve(filed(), adminOf('tenant-a'), NOW, grantId, { contractEndsAt: BEFORE })],
  ])('is not %s once the contract term has ended (recorded or not)', (_label, act) => {
    expect(act).toThrow(ContractExpiredError);
  });

  it('follows its grant ended by the contract expiry as completed, and a pending one is cancelled', () => {
    const approved = approve(filed(), adminOf('tenant-a'), NOW, grantId, OPEN).request;
    expect(followGrantEnd(approved, { reason: 'contract-expired', endedAt: AFTER })).toMatchObject({ status: 'completed', statusSeenByRequestTenant: 'completed', endReason: 'contract-expired' });
    expect(endPending(filed(), 'contract-expired', NOW)).toMatchObject({ status: 'cancelled', endReason: 'contract-expired' });
  });
});
