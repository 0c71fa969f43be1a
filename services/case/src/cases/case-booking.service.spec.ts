import type { ClientSession } from 'mongoose';
import type { EngineerLoad } from '../engineers/engineer-load';
import type { EngineersRepository } from '../engineers/engineers.repository';
import { CaseBookingService } from './case-booking.service';
import type { CasesRepository } from './cases.repository';

const session = {} as ClientSession;
const placeTaken = Object.assign(new Error('E11000'), { code: 11000, keyPattern: { place: 1 } });
const otherDuplicate = Object.assign(new Error('E11000'), { code: 11000, keyPattern: { _id: 1 } });

describe(CaseBookingService.name, () => {
  let loads: EngineerLoad[];
  let cases: { openLoadsOf: jest.Mock; addLastAssignedAt: jest.Mock };
  let sut: CaseBookingService;

  beforeEach(() => {
    loads = [];
    const engineers = { qualifiedFor: jest.fn(async () => loads.map((load) => ({ _id: load.engineerId }))) };
    cases = {
      openLoadsOf: jest.fn(async () => new Map(loads.map((load) => [load.engineerId, { ...load }]))),
      addLastAssignedAt: jest.fn(async (tied: EngineerLoad[]) => tied.forEach((load) => (load.lastAssignedAt = load.engineerId === 'b' ? new Date(0) : new Date(1)))),
    };
    sut = new CaseBookingService(engineers as unknown as EngineersRepository, cases as unknown as CasesRepository);
  });

  it('books the lowest free place of the engineer with the fewest open cases; reads the tie-break only for a tie', async () => {
    expect(await sut.book('identity', session)).toBeNull();
    loads = [
      { engineerId: 'a', openCases: 2, lastAssignedAt: null, places: [1, 3] },
      { engineerId: 'b', openCases: 3, lastAssignedAt: null, places: [1, 2, 3] },
    ];
    expect(await sut.book('identity', session)).toEqual({ engineerId: 'a', place: 'a#2' });
    expect(cases.addLastAssignedAt).not.toHaveBeenCalled();
    loads[1] = { engineerId: 'b', openCases: 2, lastAssignedAt: null, places: [1, 2] };
    expect(await sut.book('identity', session)).toEqual({ engineerId: 'b', place: 'b#3' });
    cases.addLastAssignedAt.mockClear();
    await sut.book('identity', session, true);
    expect(cases.addLastAssignedAt).not.toHaveBeenCalled();
  });

  it('runs the work again, spreading, while its place was taken; anything else fails at once', async () => {
    const work = jest.fn().mockRejectedValueOnce(placeTaken).mockRejectedValueOnce(placeTaken).mockResolvedValue('booked');
    await expect(sut.withRetries(work)).resolves.toBe('booked');
    expect(work.mock.calls.map(([spread]) => spread)).toEqual([false, true, true]);

    const failing = jest.fn().mockRejectedValue(otherDuplicate);
    await expect(sut.withRetries(failing)).rejects.toBe(otherDuplicate);
    expect(failing).toHaveBeenCalledTimes(1);
  });

  it('gives up with 409 CONCURRENT_UPDATE rather than looping forever', async () => {
    const work = jest.fn().mockRejectedValue(placeTaken);
    await expect(sut.withRetries(work)).rejects.toMatchObject({ code: 'CONCURRENT_UPDATE' });
    expect(work).toHaveBeenCalledTimes(100);
  });
});
