import { unknownEngineer, withDeactivation, withState, type EngineerCopyRecord } from './engineer-copy';

const T0 = new Date('2030-01-10T12:00:00Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);
const state = (revision: number, active: boolean, at: Date) => ({ engineerId: 'e1', revision, active, at });

describe('engineer copy', () => {
  let copy: EngineerCopyRecord | null;
  const apply = (next: EngineerCopyRecord | null) => {
    if (next) copy = next;
    return next;
  };

  beforeEach(() => {
    copy = null;
  });

  it('follows newer states only: a duplicate or an older revision changes nothing', () => {
    apply(withState(copy, state(1, true, T0)));
    apply(withState(copy, state(3, false, minutes(2))));
    expect(withState(copy, state(3, false, minutes(2)))).toBeNull();
    expect(withState(copy, state(2, true, minutes(1)))).toBeNull();
    expect(copy).toMatchObject({ active: false, revision: 3 });
  });

  it('a deactivation without a revision makes the engineer inactive, even one never heard of', () => {
    expect(withDeactivation(null, 'e1', T0)).toMatchObject({ active: false, revision: 0, deactivatedAt: T0 });
    apply(withState(copy, state(1, true, minutes(-5))));
    expect(apply(withDeactivation(copy, 'e1', T0))).toMatchObject({ active: false, deactivatedAt: T0 });
  });

  it('a state recorded before (or at) the deactivation, arriving after it, does not reactivate', () => {
    apply(withDeactivation(copy, 'e1', T0));
    expect(apply(withState(copy, state(2, true, minutes(-1))))).toMatchObject({ active: false, revision: 2 });
    expect(apply(withState(copy, state(3, true, T0)))).toMatchObject({ active: false, revision: 3 });
  });

  it('only a newer reactivation, recorded after the deactivation, makes the engineer active again', () => {
    apply(withDeactivation(copy, 'e1', T0));
    expect(apply(withState(copy, state(4, true, minutes(1))))).toMatchObject({ active: true, revision: 4, deactivatedAt: T0 });
    // A duplicate or late copy of that older deactivation leaves the reactivation standing.
    expect(apply(withDeactivation(copy, 'e1', T0))).toMatchObject({ active: true, deactivatedAt: T0 });
    // A later deactivation wins again.
    expect(apply(withDeactivation(copy, 'e1', minutes(2)))).toMatchObject({ active: false, deactivatedAt: minutes(2) });
    expect(apply(withDeactivation(copy, 'e1', T0))).toMatchObject({ active: false, deactivatedAt: minutes(2) });
  });

  it('an engineer no event has named is allowed, as before the copy existed', () => {
    expect(unknownEngineer('e1')).toMatchObject({ active: true, revision: 0, stateAt: null, deactivatedAt: null });
  });
});
