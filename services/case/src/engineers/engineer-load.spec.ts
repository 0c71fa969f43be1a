import { chooseEngineer, nextPlace, placeNumberOf, type EngineerLoad } from './engineer-load';

const load = (engineerId: string, openCases: number, lastAssignedAt: string | null = null): EngineerLoad => ({
  engineerId,
  openCases,
  lastAssignedAt: lastAssignedAt ? new Date(lastAssignedAt) : null,
  places: [],
});

describe('engineer load', () => {
  it('chooses the fewest open cases, then the longest wait (never assigned first), then the id', () => {
    expect(chooseEngineer([])).toBeNull();
    expect(chooseEngineer([load('a', 2), load('b', 1), load('c', 3)])?.engineerId).toBe('b');
    expect(chooseEngineer([load('a', 1, '2030-01-02'), load('b', 1, '2030-01-01')])?.engineerId).toBe('b');
    expect(chooseEngineer([load('a', 1, '2030-01-01'), load('b', 1)])?.engineerId).toBe('b');
    expect(chooseEngineer([load('b', 0), load('a', 0)])?.engineerId).toBe('a');
  });

  it('spread picks among the fewest open cases only', () => {
    const loads = [load('a', 1), load('b', 0), load('c', 0)];
    expect(chooseEngineer(loads, true, () => 0)?.engineerId).toBe('b');
    expect(chooseEngineer(loads, true, () => 0.99)?.engineerId).toBe('c');
  });

  it('books the lowest place none of the open cases holds', () => {
    expect(nextPlace({ engineerId: 'e', places: [] })).toEqual({ engineerId: 'e', place: 'e#1' });
    expect(nextPlace({ engineerId: 'e', places: [1, 3] })).toEqual({ engineerId: 'e', place: 'e#2' });
    expect(nextPlace({ engineerId: 'e', places: [2, 1] })).toEqual({ engineerId: 'e', place: 'e#3' });
  });

  it('reads the number of a place key of that engineer only', () => {
    expect(placeNumberOf('e', 'e#4')).toBe(4);
    expect(placeNumberOf('e', 'ee#4')).toBeNull();
    expect(placeNumberOf('e', null)).toBeNull();
    expect(placeNumberOf('e', 'e#x')).toBeNull();
  });
});
