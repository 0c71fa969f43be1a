import type { EventEnvelope } from '@support-hub/contracts';
import { accessSummary, caseSummary } from './activity-summary';

const revoked = (reason: 'case-closed' | 'removed' | 'consent-withdrawn' | 'expired') =>
  ({ type: 'access.revoked', data: { reason } }) as EventEnvelope<'access.revoked'>;

describe('activity summaries', () => {
  it('never tells that a resource-tenant admin removed a grant', () => {
    expect(accessSummary(revoked('removed'))).toBe('Diagnostic data access ended');
    expect(accessSummary(revoked('case-closed'))).toBe('Diagnostic data access ended: the case closed');
  });

  it('names the case in words', () => {
    const opened = { type: 'case.opened', data: { severity: 'A', productArea: 'identity', title: 'Sign-ins fail' } } as EventEnvelope<'case.opened'>;
    expect(caseSummary(opened)).toBe('Case opened (severity A, identity): Sign-ins fail');
  });
});
