import { contractHasEnded, effectiveGrantStatus, endingOf, isLive, newGrant, type GrantEndReason } from './grant';

const START = new Date('2030-01-10T08:00:00Z');
const DURING = new Date('2030-01-10T12:00:00Z');
const AFTER_EXPIRY = new Date('2030-01-10T20:00:00Z');

describe('grant', () => {
  const grant = newGrant({
    id: 'g1',
    requestId: null,
    case: { _id: 'case-1', workspaceId: 'ws-1', severity: 'A', requestTenantId: 'tenant-a' },
    engineerId: 'eng',
    tenantId: 'tenant-a',
    basis: 'consent',
    hours: 8,
    at: START,
  });

  it('starts active and lasts the hours it was given', () => {
    expect(grant).toMatchObject({ status: 'active', caseId: 'case-1', grantedAt: START, expiresAt: new Date('2030-01-10T16:00:00Z'), endedAt: null });
  });

  it('is live until its expiry, recorded or not', () => {
    expect(isLive(grant, DURING)).toBe(true);
    expect(isLive(grant, grant.expiresAt)).toBe(false);
    expect(effectiveGrantStatus(grant, DURING)).toBe('active');
    expect(effectiveGrantStatus(grant, AFTER_EXPIRY)).toBe('expired');
    expect(effectiveGrantStatus({ ...grant, status: 'removed' }, AFTER_EXPIRY)).toBe('removed');
  });

  it.each([
    ['case-closed', 'completed'],
    ['removed', 'removed'],
    ['consent-withdrawn', 'revoked'],
    ['expired', 'expired'],
    ['reassigned', 'revoked'],
    ['engineer-deactivated', 'revoked'],
    ['contract-expired', 'revoked'],
  ] as [GrantEndReason, string][])('ends %s as %s, when and by whom it happened', (reason, status) => {
    expect(endingOf(grant, reason, DURING, 'someone')).toEqual({ status, reason, endedAt: DURING, endedBy: 'someone' });
  });

  it.each(['case-closed', 'consent-withdrawn', 'reassigned', 'engineer-deactivated'] as GrantEndReason[])(
    'past its expiry, a %s finds it already expired, at its expiry, by nobody',
    (reason) => {
      expect(endingOf(grant, reason, AFTER_EXPIRY, 'someone')).toEqual({ status: 'expired', reason: 'expired', endedAt: grant.expiresAt, endedBy: 'system' });
    },
  );

  it('records a removal as the admin made it, even past the expiry', () => {
    expect(endingOf(grant, 'removed', AFTER_EXPIRY, 'admin')).toEqual({ status: 'removed', reason: 'removed', endedAt: AFTER_EXPIRY, endedBy: 'admin' });
  });

  it.each([
    [null, false],
    [DURING, false],
    [START, true],
  ])('a contract ending %s has ended at the grant start: %s', (endsAt, ended) => {
    expect(contractHasEnded(endsAt, START)).toBe(ended);
  });
});
