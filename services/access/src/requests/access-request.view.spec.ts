import type { AccessRequestRecord } from './access-request';
import { toAccessRequestView } from './access-request.view';

const NOW = new Date('2030-01-10T12:00:00Z');

function removedRequest(overrides: Partial<AccessRequestRecord> = {}): AccessRequestRecord {
  const at = new Date('2030-01-10T10:00:00Z');
  return {
    _id: 'r1',
    caseId: 'c1',
    workspaceId: 'w1',
    severity: 'B',
    requestTenantId: 'tenant-a',
    resourceTenantId: 'tenant-b',
    engineerId: 'e1',
    justification: 'logs',
    durationHours: 8,
    status: 'removed',
    statusSeenByRequestTenant: 'approved',
    endedAtSeenByRequestTenant: null,
    requiredTenantIds: ['tenant-a', 'tenant-b'],
    approvals: [
      { tenantId: 'tenant-a', approvedBy: 'admin-a', at },
      { tenantId: 'tenant-b', approvedBy: 'admin-b', at },
    ],
    rejection: null,
    createdAt: at,
    expiresAt: new Date('2030-01-14T10:00:00Z'),
    grantId: 'g1',
    grantExpiresAt: new Date('2030-01-10T18:00:00Z'),
    endedAt: new Date('2030-01-10T11:00:00Z'),
    endReason: 'removed',
    updatedAt: at,
    version: 3,
    ...overrides,
  };
}

describe(toAccessRequestView.name, () => {
  it('shows a removal to the resource tenant', () => {
    const sut = toAccessRequestView(removedRequest(), 'full', NOW);
    expect(sut).toMatchObject({ status: 'removed', endReason: 'removed', grantId: 'g1', endedAt: '2030-01-10T11:00:00.000Z' });
  });

  it('shows the request tenant the approval as it knew it, with no trace of the removal', () => {
    const sut = toAccessRequestView(removedRequest(), 'request-tenant', NOW);
    expect(sut).toMatchObject({ status: 'approved', endReason: null, endedAt: null, grantId: null, grantExpiresAt: '2030-01-10T18:00:00.000Z' });
    expect(JSON.stringify(sut)).not.toContain('removed');
  });

  it('lets the request tenant see it expire when the grant would have', () => {
    const sut = toAccessRequestView(removedRequest(), 'request-tenant', new Date('2030-01-10T18:00:00Z'));
    expect(sut).toMatchObject({ status: 'expired', endReason: 'expired', endedAt: '2030-01-10T18:00:00.000Z' });
  });

  it('shows the request tenant a completion once the case closed', () => {
    const closedAt = new Date('2030-01-10T12:30:00Z');
    const sut = toAccessRequestView(removedRequest({ statusSeenByRequestTenant: 'completed', endedAtSeenByRequestTenant: closedAt }), 'request-tenant', NOW);
    expect(sut).toMatchObject({ status: 'completed', endReason: 'case-closed', endedAt: closedAt.toISOString() });
  });

  it('reads a lapsed pending request as expired before the sweep records it', () => {
    const pending = removedRequest({
      status: 'pending',
      statusSeenByRequestTenant: 'pending',
      approvals: [],
      grantId: null,
      grantExpiresAt: null,
      endedAt: null,
      endReason: null,
      expiresAt: new Date('2030-01-10T11:59:59Z'),
    });
    for (const perspective of ['full', 'request-tenant'] as const) {
      expect(toAccessRequestView(pending, perspective, NOW)).toMatchObject({ status: 'expired', endReason: 'expired', endedAt: '2030-01-10T11:59:59.000Z' });
    }
  });
});
