import type { ClientSession } from 'mongoose';
import { PERSONAL_ACCOUNT_TENANT_ID } from '@support-hub/auth';
import type { EventEnvelope } from '@support-hub/contracts';
import type { TransactionRunner } from '@support-hub/persistence';
import { ManualClock } from '@support-hub/platform';
import type { ContractCopiesRepository } from '../contract-copies/contract-copies.repository';
import type { EngineerCopiesRepository } from '../engineer-copies/engineer-copies.repository';
import type { AccessConfig } from '../config/access.config';
import type { GrantIssue, GrantLifecycle } from '../grants/grant-lifecycle.service';
import type { GrantEndReason, GrantRecord } from '../grants/grant';
import type { GrantsRepository } from '../grants/grants.repository';
import type { LiveGrantIndex } from '../grants/live-grant.index';
import type { AccessRequestRecord } from '../requests/access-request';
import type { AccessRequestsRepository } from '../requests/access-requests.repository';
import type { RequestLifecycle } from '../requests/request-lifecycle.service';
import type { CaseCopiesRepository } from '../case-copies/case-copies.repository';
import type { CaseCopyRecord } from '../case-copies/case-copy.schema';
import { CaseLifecycleService, type CaseEvent } from './case-lifecycle.service';

const NOW = new Date('2030-01-10T12:00:00Z');
const session = {} as ClientSession;

function caseEvent<T extends CaseEvent['type']>(type: T, data: Partial<CaseEvent['data']> & Record<string, unknown>): EventEnvelope<T> {
  return {
    id: `event-${Math.random()}`,
    type,
    version: 1,
    source: 'case',
    occurredAt: NOW.toISOString(),
    correlationId: 'c',
    causationId: null,
    data: {
      caseId: 'case-1',
      workspaceId: 'w1',
      requestTenantId: 't1',
      resourceTenantId: 't1',
      severity: 'B',
      productArea: 'identity',
      status: 'open',
      assignedEngineerId: 'engineer-1',
      allowAdvancedDiagnostics: true,
      revision: 1,
      title: 't',
      openedBy: 'u',
      openedAt: NOW.toISOString(),
      assignedAt: NOW.toISOString(),
      changedBy: 'member-1',
      closedBy: 'engineer-1',
      closedAt: NOW.toISOString(),
      reopenedBy: 'u',
      reopenedAt: NOW.toISOString(),
      ...data,
    },
  } as unknown as EventEnvelope<T>;
}

function grant(overrides: Partial<GrantRecord> = {}): GrantRecord {
  return {
    _id: 'grant-1',
    requestId: null,
    caseId: 'case-1',
    workspaceId: 'w1',
    severity: 'B',
    requestTenantId: 't1',
    engineerId: 'engineer-1',
    tenantId: 't1',
    basis: 'consent',
    status: 'active',
    grantedAt: NOW,
    expiresAt: new Date(NOW.getTime() + 3_600_000),
    endedAt: null,
    endReason: null,
    endedBy: null,
    ...overrides,
  };
}

describe(CaseLifecycleService.name, () => {
  let stored: CaseCopyRecord | null;
  let activeGrants: GrantRecord[];
  let pendingRequests: AccessRequestRecord[];
  let copies: jest.Mocked<Pick<CaseCopiesRepository, 'findById' | 'save'>>;
  let grantLifecycle: jest.Mocked<Pick<GrantLifecycle, 'issue' | 'end'>>;
  let requestLifecycle: jest.Mocked<Pick<RequestLifecycle, 'endPending'>>;
  let hiddenCases: string[];
  let inactiveEngineers: string[];
  let sut: CaseLifecycleService;

  beforeEach(() => {
    stored = null;
    activeGrants = [];
    pendingRequests = [];
    copies = {
      findById: jest.fn(async (_caseId: string, _session?: ClientSession) => stored),
      save: jest.fn(async (_previous: CaseCopyRecord | null, next: Omit<CaseCopyRecord, 'accessEpoch'>, _session: ClientSession) => {
        stored = { ...next, accessEpoch: 0 };
        return true;
      }),
    };
    const grants = { activeOfCase: jest.fn(async (_caseId: string, _session: ClientSession, basis?: string) => activeGrants.filter((row) => !basis || row.basis === basis)) };
    const requests = {
      ofCase: jest.fn(async (_caseId: string, statuses: string[]) => pendingRequests.filter((row) => statuses.includes(row.status))),
      replaceVersion: jest.fn(),
    };
    grantLifecycle = {
      issue: jest.fn(async (_issue: GrantIssue, _session: ClientSession) => grant()),
      end: jest.fn(async (_grant: GrantRecord, _reason: GrantEndReason, _at: Date, _actor: string, _session: ClientSession) => true),
    };
    requestLifecycle = { endPending: jest.fn() };
    hiddenCases = [];
    inactiveEngineers = [];
    const hideCaseWhile = async <T>(caseId: string, work: () => Promise<T>) => {
      hiddenCases.push(caseId);
      try {
        return await work();
      } finally {
        hiddenCases.splice(hiddenCases.indexOf(caseId), 1);
      }
    };
    const liveGrants = {
      hideCaseWhile,
      hideReassignedCaseWhile: <T>(caseId: string, _assignee: string | null, work: () => Promise<T>) => hideCaseWhile(caseId, work),
    };
    const tx = { run: <T>(work: (session: ClientSession) => Promise<T>) => work(session) } as TransactionRunner;
    sut = new CaseLifecycleService(
      copies as unknown as CaseCopiesRepository,
      grants as unknown as GrantsRepository,
      requests as unknown as AccessRequestsRepository,
      grantLifecycle as unknown as GrantLifecycle,
      requestLifecycle as unknown as RequestLifecycle,
      liveGrants as unknown as LiveGrantIndex,
      tx,
      new ManualClock(NOW),
      { CONSENT_GRANT_MAX_HOURS: 720 } as AccessConfig,
      { endsAtOfWorkspace: async () => null } as unknown as ContractCopiesRepository,
      { claimForAccess: async (engineerId: string) => !inactiveEngineers.includes(engineerId) } as unknown as EngineerCopiesRepository,
    );
  });

  it('grants consent access to the assigned engineer of a same-tenant case', async () => {
    await sut.apply(caseEvent('case.opened', { revision: 2 }));
    expect(grantLifecycle.issue).toHaveBeenCalledWith(expect.objectContaining({ engineerId: 'engineer-1', tenantId: 't1', basis: 'consent', hours: 720 }), session);
  });

  it('gives no consent access for a cross-tenant case', async () => {
    await sut.apply(caseEvent('case.opened', { resourceTenantId: 't2' }));
    expect(grantLifecycle.issue).not.toHaveBeenCalled();
  });

  it('gives no consent access on the Personal consumer tenant, whatever the snapshot says', async () => {
    const personal = PERSONAL_ACCOUNT_TENANT_ID;
    await sut.apply(caseEvent('case.opened', { requestTenantId: personal, resourceTenantId: personal }));
    await sut.apply(caseEvent('case.consent-changed', { requestTenantId: personal, resourceTenantId: personal, revision: 2 }));
    expect(grantLifecycle.issue).not.toHaveBeenCalled();
  });

  it('gives no consent access to an engineer known to be deactivated (a late case.assigned)', async () => {
    inactiveEngineers = ['engineer-1'];
    await sut.apply(caseEvent('case.assigned', { revision: 2 }));
    expect(grantLifecycle.issue).not.toHaveBeenCalled();
    expect(stored).toMatchObject({ assignedEngineerId: 'engineer-1', revision: 2 });
  });

  it('ignores an event that is not newer than the copy (duplicate or stale)', async () => {
    await sut.apply(caseEvent('case.closed', { status: 'closed', revision: 3 }));
    copies.save.mockClear();
    await sut.apply(caseEvent('case.closed', { status: 'closed', revision: 3 }));
    await sut.apply(caseEvent('case.opened', { revision: 1 }));
    expect(copies.save).not.toHaveBeenCalled();
    expect(grantLifecycle.issue).not.toHaveBeenCalled();
    expect(stored).toMatchObject({ status: 'closed', revision: 3 });
  });

  it('ends every grant and pending request when the case closes', async () => {
    stored = { ...(await copyAt(1)), status: 'open' };
    activeGrants = [grant(), grant({ _id: 'grant-2', basis: 'request', requestId: 'r1' })];
    pendingRequests = [{ _id: 'r2', status: 'pending' } as AccessRequestRecord];
    grantLifecycle.end.mockImplementation(async () => {
      expect(hiddenCases).toEqual([stored!._id]);
      return true;
    });
    await sut.apply(caseEvent('case.closed', { status: 'closed', revision: 4 }));
    expect(hiddenCases).toEqual([]);
    expect(grantLifecycle.end.mock.calls.map(([row, reason]) => [row._id, reason])).toEqual([
      ['grant-1', 'case-closed'],
      ['grant-2', 'case-closed'],
    ]);
    expect(requestLifecycle.endPending).toHaveBeenCalledWith(pendingRequests[0], 'case-closed', NOW, 'system', session);
  });

  it('withdraws consent access when consent is turned off', async () => {
    stored = await copyAt(2);
    activeGrants = [grant()];
    await sut.apply(caseEvent('case.consent-changed', { allowAdvancedDiagnostics: false, revision: 3 }));
    expect(grantLifecycle.end).toHaveBeenCalledWith(activeGrants[0], 'consent-withdrawn', NOW, 'member-1', session);
    expect(grantLifecycle.issue).not.toHaveBeenCalled();
  });

  it('ends the former engineer’s grants of any basis and pending requests when the case goes to another, hiding the case meanwhile', async () => {
    stored = await copyAt(2);
    activeGrants = [grant(), grant({ _id: 'grant-2', basis: 'request', requestId: 'request-1', tenantId: 't2' })];
    pendingRequests = [{ _id: 'request-2', engineerId: 'engineer-1', status: 'pending' } as AccessRequestRecord];
    grantLifecycle.end.mockImplementation(async (row) => {
      expect(hiddenCases).toEqual(['case-1']);
      activeGrants = activeGrants.filter((candidate) => candidate._id !== row._id);
      return true;
    });
    await sut.apply(caseEvent('case.assigned', { assignedEngineerId: 'engineer-2', revision: 3 }));
    expect(grantLifecycle.end.mock.calls.map(([row, reason]) => [row._id, reason])).toEqual([
      ['grant-1', 'reassigned'],
      ['grant-2', 'reassigned'],
    ]);
    expect(requestLifecycle.endPending).toHaveBeenCalledWith(pendingRequests[0], 'reassigned', NOW, 'system', session);
    // Consent stands: it follows the case to the new engineer.
    expect(grantLifecycle.issue).toHaveBeenCalledWith(expect.objectContaining({ engineerId: 'engineer-2', basis: 'consent' }), session);
  });

  it('sends the new engineer no consent access where consent does not stand', async () => {
    stored = await copyAt(2);
    await sut.apply(caseEvent('case.assigned', { assignedEngineerId: 'engineer-2', allowAdvancedDiagnostics: false, revision: 3 }));
    await sut.apply(caseEvent('case.assigned', { assignedEngineerId: null, revision: 4 }));
    expect(grantLifecycle.issue).not.toHaveBeenCalled();
  });

  it('never brings access back on reopen, even if the snapshot says consent', async () => {
    stored = { ...(await copyAt(4)), status: 'closed' };
    await sut.apply(caseEvent('case.reopened', { revision: 5, allowAdvancedDiagnostics: true }));
    expect(grantLifecycle.issue).not.toHaveBeenCalled();
  });

  async function copyAt(revision: number): Promise<CaseCopyRecord> {
    await sut.apply(caseEvent('case.opened', { revision, allowAdvancedDiagnostics: false }));
    grantLifecycle.issue.mockClear();
    return stored!;
  }
});
