import type { ClientSession } from 'mongoose';
import type { Outbox } from '@support-hub/messaging';
import type { TransactionRunner } from '@support-hub/persistence';
import { ManualClock } from '@support-hub/platform';
import { assign, openCase, type CaseRecord } from '../cases/case';
import type { CaseBookingService } from '../cases/case-booking.service';
import type { CasesRepository } from '../cases/cases.repository';
import type { EngineersRepository } from '../engineers/engineers.repository';
import type { EngineersService } from '../engineers/engineers.service';
import { AssignmentService } from './assignment.service';

const NOW = new Date('2030-01-10T12:00:00Z');
const session = {} as ClientSession;

function caseOf(engineerId: string): CaseRecord {
  const opened = openCase({ id: `case-of-${engineerId}`, workspaceId: 'w1', opener: { id: 'bob', tenantId: 't' }, title: 't', description: 'd', severity: 'B', productArea: 'Mail', allowAdvancedDiagnostics: false, at: NOW });
  return assign(opened, { engineerId, place: `${engineerId}#1` }, NOW);
}

describe(AssignmentService.name, () => {
  it('the periodic pass sends back an open case a booking gave an engineer after their deactivation', async () => {
    const late = caseOf('gone');
    const cases = { openAssignedTo: jest.fn(async () => [late]), replaceRevision: jest.fn(async (_current: CaseRecord, _next: CaseRecord, _session: ClientSession) => true) };
    const engineers = { inactiveIds: jest.fn(async () => ['gone', 'long-gone']) };
    const booking = { book: jest.fn(async () => ({ engineerId: 'colleague', place: 'colleague#4' })) };
    const outbox = { record: jest.fn(async (_events: unknown[], _session: ClientSession) => undefined) };
    const tx = { run: <T>(work: (s: ClientSession) => Promise<T>) => work(session) } as TransactionRunner;
    const sut = new AssignmentService(
      cases as unknown as CasesRepository,
      booking as unknown as CaseBookingService,
      engineers as unknown as EngineersRepository,
      {} as EngineersService,
      outbox as unknown as Outbox,
      tx,
      new ManualClock(NOW),
    );

    await expect(sut.sendBackCasesOfInactiveEngineers()).resolves.toBe(1);
    expect(cases.openAssignedTo).toHaveBeenCalledWith({ $in: ['gone', 'long-gone'] });
    expect(cases.replaceRevision.mock.calls[0]![1]).toMatchObject({ assignedEngineerId: 'colleague', place: 'colleague#4', revision: late.revision + 1 });
    expect(outbox.record.mock.calls[0]![0]).toMatchObject([{ type: 'case.assigned', data: { assignedEngineerId: 'colleague' } }]);
  });
});
