import { chooseEngineer, type AssignmentCandidate } from './assignment.policy';

function engineer(id: string, openCases: number, lastAssignedAt: string | null = null): AssignmentCandidate {
  return { _id: id, openCases, lastAssignedAt: lastAssignedAt ? new Date(lastAssignedAt) : null };
}

describe(chooseEngineer.name, () => {
  it('returns null when nobody qualifies', () => {
    expect(chooseEngineer([])).toBeNull();
  });

  it('prefers the fewest open cases', () => {
    const sut = chooseEngineer([engineer('a', 3), engineer('b', 1, '2030-01-01T00:00:00Z'), engineer('c', 2)]);
    expect(sut?._id).toBe('b');
  });

  it('breaks a tie by the longest time since the last assignment', () => {
    const sut = chooseEngineer([engineer('a', 1, '2030-01-02T00:00:00Z'), engineer('b', 1, '2030-01-01T00:00:00Z')]);
    expect(sut?._id).toBe('b');
  });

  it('counts never assigned as the longest wait', () => {
    const sut = chooseEngineer([engineer('a', 0, '2030-01-01T00:00:00Z'), engineer('z', 0)]);
    expect(sut?._id).toBe('z');
  });

  it('is deterministic on a full tie', () => {
    expect(chooseEngineer([engineer('b', 0), engineer('a', 0)])?._id).toBe('a');
  });
});
