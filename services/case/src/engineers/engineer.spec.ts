import { changedFields, changesOf, isDeactivation, mayTakeWaitingCases, registerEngineer } from './engineer';

const T0 = new Date('2030-01-01T00:00:00Z');

describe('engineer', () => {
  it('registers active by default, expertise trimmed and de-duplicated, matched without regard to case', () => {
    const erin = registerEngineer('eng-1', { name: ' Erin ', email: 'Erin@Vendor.example', expertise: [' Identity', 'identity ', '', 'Storage'] }, T0);
    expect(erin).toMatchObject({ _id: 'eng-1', name: 'Erin', email: 'erin@vendor.example', active: true });
    expect(erin.expertise).toEqual(['Identity', 'identity', 'Storage']);
    expect(erin.expertiseKeys).toEqual(['identity', 'storage']);
  });

  it('names the fields a change really altered', () => {
    const erin = registerEngineer('eng-1', { name: 'Erin', email: 'erin@vendor.example', expertise: ['Identity'] }, T0);
    expect(changedFields(erin, { ...erin, ...changesOf({ name: 'Erin', expertise: ['Identity', 'Mail'] }, T0) })).toEqual(['expertise']);
    expect(changedFields(erin, { ...erin, ...changesOf({ email: 'ERIN@vendor.example' }, T0) })).toEqual([]);
    expect(erin.revision).toBe(1);
  });

  it('changes only what is given, normalised the same way', () => {
    expect(changesOf({ email: 'A@B.C' }, T0)).toEqual({ email: 'a@b.c', updatedAt: T0 });
    expect(changesOf({ active: false }, T0)).toEqual({ active: false, updatedAt: T0 });
  });

  it.each([
    [true, false, true],
    [true, true, false],
    [false, false, false],
    [false, true, false],
  ])('active %s → %s is a deactivation: %s', (before, after, expected) => {
    expect(isDeactivation({ active: before }, { active: after })).toBe(expected);
  });

  it('may take waiting cases when active after a change of activity or expertise', () => {
    expect(mayTakeWaitingCases({ active: true }, { expertise: ['x'] })).toBe(true);
    expect(mayTakeWaitingCases({ active: true }, { name: 'x' })).toBe(false);
    expect(mayTakeWaitingCases({ active: false }, { active: false })).toBe(false);
  });
});
