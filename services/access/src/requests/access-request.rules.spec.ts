import type { AccessRequestRecord } from './access-request.schema';
import { effectiveStatus, effectiveStatusSeenByRequestTenant, isFullyApproved, requiredTenantsOf } from './access-request.rules';

const NOW = new Date('2030-01-10T12:00:00Z');
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
