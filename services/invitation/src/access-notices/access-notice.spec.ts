import type { EventEnvelope, EventType } from '@support-hub/contracts';
import { approvalNotices, engineerNotice, outcomeKindOf, requestCopyOf, type OutcomeEvent } from './access-notice';
import { accessNoticeMail } from './access-notice-mail';

const NOW = new Date('2030-01-01T00:00:00Z');
const REQUEST_TENANT = 'tenant-request';
const RESOURCE_TENANT = 'tenant-resource';

function envelope<T extends EventType>(type: T, data: EventEnvelope<T>['data'], id = `event-${type}`): EventEnvelope<T> {
  return { id, type, version: 1, source: 'access', occurredAt: NOW.toISOString(), correlationId: 'c', causationId: null, data };
}

const requested = envelope('access.requested', {
  requestId: 'req-1',
  caseId: 'case-1',
  workspaceId: 'ws-1',
  severity: 'A',
  requestTenantId: REQUEST_TENANT,
  resourceTenantId: RESOURCE_TENANT,
  engineerId: 'eng-1',
  expiresAt: '2030-01-05T00:00:00.000Z',
  justification: 'Sign-ins fail <since Monday>',
  durationHours: 8,
  engineerEmail: 'Erin@Vendor.example',
  engineerName: 'Erin',
});
const request = requestCopyOf(requested);

const revoked = (reason: 'removed' | 'expired' | 'case-closed', requestId: string | null = 'req-1') =>
  envelope('access.revoked', { grantId: 'g-1', requestId, caseId: 'case-1', workspaceId: 'ws-1', engineerId: 'eng-1', tenantId: RESOURCE_TENANT, reason, revokedAt: NOW.toISOString() });

describe('access notices', () => {
  it('asks the workspace admins of each tenant involved, once per address, and nobody of another tenant', () => {
    const notices = approvalNotices(requested.id, request, [
      { email: 'ada@request.example', tenantId: REQUEST_TENANT },
      { email: 'ADA@request.example', tenantId: REQUEST_TENANT },
      { email: 'otto@resource.example', tenantId: RESOURCE_TENANT },
      { email: 'guest@elsewhere.example', tenantId: 'tenant-other' },
    ], 'Finance', NOW);
    expect(notices.map((notice) => [notice.to, notice.approvingTenantId])).toEqual([
      ['ada@request.example', REQUEST_TENANT],
      ['otto@resource.example', RESOURCE_TENANT],
    ]);
    expect(notices[0]._id).toBe(`${requested.id}:ada@request.example`);
  });

  it('tells the engineer of approval, rejection, removal and expiry, and of nothing else', () => {
    const approved = envelope('access.approved', { requestId: 'req-1', caseId: 'case-1', workspaceId: 'ws-1', approvingTenantId: RESOURCE_TENANT, approvedBy: 'otto', fullyApproved: true, durationHours: 4 });
    const rejected = envelope('access.rejected', { requestId: 'req-1', caseId: 'case-1', workspaceId: 'ws-1', rejectingTenantId: REQUEST_TENANT, rejectedBy: 'ada', reason: 'not now' });
    const ended = (outcome: 'expired' | 'cancelled') => envelope('access.request-ended', { requestId: 'req-1', caseId: 'case-1', workspaceId: 'ws-1', outcome, endedAt: NOW.toISOString() });
    const kinds = ([approved, rejected, ended('expired'), ended('cancelled'), revoked('removed'), revoked('expired'), revoked('case-closed'), revoked('removed', null)] as OutcomeEvent[]).map(outcomeKindOf);
    expect(kinds).toEqual(['approved', 'rejected', 'request-expired', null, 'removed', 'access-expired', null, null]);
    expect(engineerNotice(rejected, request, 'Finance', NOW)).toMatchObject({ to: 'erin@vendor.example', kind: 'rejected', outcome: { tenantId: REQUEST_TENANT, reason: 'not now' } });
  });

  it('a removal is addressed to the engineer only', () => {
    expect(engineerNotice(revoked('removed'), request, 'Finance', NOW)?.to).toBe('erin@vendor.example');
    expect(engineerNotice(revoked('removed'), { ...request, engineerEmail: null }, 'Finance', NOW)).toBeNull();
  });

  it('the approvers’ email names the case, engineer, justification and duration, and links to the console', () => {
    const [notice] = approvalNotices(requested.id, request, [{ email: 'ada@request.example', tenantId: REQUEST_TENANT }], 'Finance', NOW);
    const mail = accessNoticeMail(notice, { from: 'hub@x', consoleUrl: 'https://console.example' });
    expect(mail.subject).toContain('case-1');
    for (const text of ['Case: case-1 (severity A)', 'Engineer: Erin <erin@vendor.example>', 'Justification: Sign-ins fail <since Monday>', 'Duration: 8 hours', 'https://console.example/admin?requestId=req-1']) {
      expect(mail.textPart).toContain(text);
    }
    expect(mail.htmlPart).toContain('Sign-ins fail &#60;since Monday&#62;');
  });
});
