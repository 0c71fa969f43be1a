import type { EventEnvelope } from '@support-hub/contracts';
import { accessSummary, caseSummary } from './activity-summary';

const revoked = (reason: EventEnvelope<'access.revoked'>['data']['reason']) =>
  ({ type: 'access.revoked', data: { reason } }) as EventEnvelope<'access.revoked'>;

describe('activity summaries', () => {
  it('never tells that a resource-tenant admin removed a grant', () => {
    expect(accessSummary(revoked('removed'))).toBe('Diagnostic data access ended');
    expect(accessSummary(revoked('case-closed'))).toBe('Diagnostic data access ended: the case closed');
    expect(accessSummary(revoked('reassigned'))).toBe('Diagnostic data access ended: the case went to another engineer');
  });

  it('tells a case sent back to assignment from an assigned one', () => {
    const assigned = (assignedEngineerId: string | null) =>
      ({ type: 'case.assigned', data: { severity: 'B', productArea: 'identity', assignedEngineerId } }) as EventEnvelope<'case.assigned'>;
    expect(caseSummary(assigned('eng-1'))).toBe('Case assigned to a support engineer (severity B, identity)');
    expect(caseSummary(assigned(null))).toBe('Case waiting for a support engineer (severity B, identity)');
  });

  it('names the case in words', () => {
    const opened = { type: 'case.opened', data: { severity: 'A', productArea: 'identity', title: 'Sign-ins fail' } } as EventEnvelope<'case.opened'>;
    expect(caseSummary(opened)).toBe('Case opened (severity A, identity): Sign-ins fail');
  });
});
