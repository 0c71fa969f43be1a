import type { ClientSession } from 'mongoose';
import { AuthenticatedUser } from '@support-hub/auth';
import type { Outbox } from '@support-hub/messaging';
import type { TransactionRunner } from '@support-hub/persistence';
import { ManualClock } from '@support-hub/platform';
import type { ContractTerms } from '@support-hub/contract-copies';
import type { EngineerRecord } from '../engineers/engineer';
import type { EngineersRepository } from '../engineers/engineers.repository';
import type { WorkspaceDirectoryService, WorkspaceStanding } from '../workspaces/workspace-directory.service';
import type { CaseRecord } from './case';
import type { CaseBookingService } from './case-booking.service';
import type { CasesRepository } from './cases.repository';
import { CasesService } from './cases.service';

const NOW = new Date('2030-01-10T12:00:00Z');
const session = {} as ClientSession;
const VENDOR_TENANT = 'vendor-tenant';
const user = (id: string) => new AuthenticatedUser(id, `${id}@example.com`, id, 'tenant-a', [], VENDOR_TENANT);
const supportEngineer = (id: string, tenantId = VENDOR_TENANT) => new AuthenticatedUser(id, `${id}@example.com`, id, tenantId, ['support-engineer'], VENDOR_TENANT);

function closedCase(): CaseRecord {
  return {
    _id: 'case-1',
    workspaceId: 'w1',
    requestTenantId: 'tenant-a',
    resourceTenantId: 'tenant-a',
    title: 't',
    description: 'd',
    severity: 'B',
    productArea: 'Identity',
    productAreaKey: 'identity',
    allowAdvancedDiagnostics: true,
    status: 'closed',
    assignedEngineerId: 'engineer-1',
    assignedAt: NOW,
    place: null,
    openedBy: 'member-1',
    openedAt: NOW,
    closedBy: 'engineer-1',
    closedAt: NOW,
    reopenedBy: null,
    reopenedAt: null,
    revision: 4,
    updatedAt: NOW,
  };
}

describe(CasesService.name, () => {
  let record: CaseRecord;
  let standing: WorkspaceStanding;
  let engineer: EngineerRecord | null;
  let cases: jest.Mocked<Pick<CasesRepository, 'findById' | 'replaceRevision'>>;
  let outbox: { record: jest.Mock };
  let engineers: { findById: jest.Mock };
  let booking: { book: jest.Mock; placeWith: jest.Mock; withRetries: jest.Mock };
  let sut: CasesService;

  beforeEach(() => {
    record = closedCase();
    standing = { role: 'member', managesContract: false, customerTenantId: 'tenant-a' };
    engineer = { _id: 'engineer-1', active: true } as EngineerRecord;
    cases = {
      findById: jest.fn(async (_id: string, _session?: ClientSession) => record),
      replaceRevision: jest.fn(async (_current: CaseRecord, _next: CaseRecord, _session: ClientSession) => true),
    };
    outbox = { record: jest.fn() };
    engineers = { findById: jest.fn(async () => engineer) };
    booking = {
      book: jest.fn(async () => null),
      placeWith: jest.fn(async (engineerId: string) => ({ engineerId, place: `${engineerId}#1` })),
      withRetries: jest.fn(<T>(work: (spread: boolean) => Promise<T>) => work(false)),
    };
    const directory = { standingOf: jest.fn(async () => standing) };
    const tx = { run: <T>(work: (s: ClientSession) => Promise<T>) => work(session) } as TransactionRunner;
    sut = new CasesService(
      cases as unknown as CasesRepository,
      engineers as unknown as EngineersRepository,
      booking as unknown as CaseBookingService,
      directory as unknown as WorkspaceDirectoryService,
      outbox as unknown as Outbox,
      tx,
      new ManualClock(NOW),
      { assertOpen: async () => undefined } as unknown as ContractTerms,
    );
  });

  it('answers 404 to anyone who is not a member, the assigned engineer or the contract manager', async () => {
    standing = { role: null, managesContract: false, customerTenantId: 'tenant-a' };
    await expect(sut.get(user('stranger'), 'case-1')).rejects.toMatchObject({ code: 'CASE_NOT_FOUND' });
    await expect(sut.get(supportEngineer('engineer-1'), 'case-1')).resolves.toMatchObject({ id: 'case-1' });
    // The assigned engineer's id with the role claimed in a customer tenant's token is nobody.
    await expect(sut.get(supportEngineer('engineer-1', 'tenant-a'), 'case-1')).rejects.toMatchObject({ code: 'CASE_NOT_FOUND' });
    standing = { role: null, managesContract: true, customerTenantId: 'tenant-a' };
    await expect(sut.get(user('csam'), 'case-1')).resolves.toMatchObject({ id: 'case-1' });
  });

  it('reopens without consent and with the same engineer, in one revision and one event', async () => {
    const reopened = await sut.reopen(user('member-1'), 'case-1');
    expect(reopened).toMatchObject({ status: 'open', allowAdvancedDiagnostics: false, assignedEngineerId: 'engineer-1', revision: 5, closedAt: null });
    expect(booking.placeWith).toHaveBeenCalledWith('engineer-1', session);
    expect(reopened).not.toHaveProperty('place'); // the view does not show the load's bookkeeping
    expect(outbox.record.mock.calls[0][0].map((event: { type: string }) => event.type)).toEqual(['case.reopened']);
  });

  it('reassigns a reopened case whose engineer is no longer active', async () => {
    engineer = { ...engineer!, active: false };
    booking.book.mockResolvedValue({ engineerId: 'engineer-2', place: 'engineer-2#1' });
    const reopened = await sut.reopen(user('member-1'), 'case-1');
    expect(reopened).toMatchObject({ assignedEngineerId: 'engineer-2', revision: 6 });
    expect(outbox.record.mock.calls[0][0].map((event: { type: string; data: { revision: number } }) => [event.type, event.data.revision])).toEqual([
      ['case.reopened', 5],
      ['case.assigned', 6],
    ]);
  });

  it('lets only the assigned engineer or a workspace admin close', async () => {
    record = { ...closedCase(), status: 'open', closedAt: null, closedBy: null };
    await expect(sut.close(user('member-1'), 'case-1')).rejects.toMatchObject({ code: 'CASE_ACTION_FORBIDDEN' });
    standing = { role: 'admin', managesContract: false, customerTenantId: 'tenant-a' };
    await expect(sut.close(user('admin-1'), 'case-1')).resolves.toMatchObject({ status: 'closed', closedBy: 'admin-1' });
    // The case's place in the engineer's load is freed with the close, in the same write.
    expect(cases.replaceRevision.mock.calls[0][1]).toMatchObject({ status: 'closed', place: null });
  });

  it('refuses a concurrent change instead of overwriting it', async () => {
    record = { ...closedCase(), status: 'open', closedAt: null, closedBy: null };
    cases.replaceRevision.mockResolvedValue(false);
    await expect(sut.close(supportEngineer('engineer-1'), 'case-1')).rejects.toMatchObject({ code: 'CONCURRENT_UPDATE' });
    expect(outbox.record).not.toHaveBeenCalled();
  });
});
