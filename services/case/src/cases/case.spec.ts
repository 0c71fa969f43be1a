import { assign, changeByCustomer, close, openCase, reassign, reopen } from './case';
import { CaseAlreadyAssignedError, CaseClosedError, CaseNotClosedError } from './cases.errors';

const T0 = new Date('2030-01-10T08:00:00Z');
const T1 = new Date('2030-01-10T09:00:00Z');

describe('case', () => {
  const erin = { engineerId: 'erin', place: 'erin#1' };
  const opened = openCase({
    id: 'c1',
    workspaceId: 'ws',
    opener: { id: 'bob', tenantId: 'contoso' },
    title: '  Sign-ins fail ',
    description: 'Since Monday',
    severity: 'B',
    productArea: ' Identity ',
    allowAdvancedDiagnostics: true,
    at: T0,
  });

  it('opens unassigned at revision 1, about the opener\'s tenant unless told otherwise', () => {
    expect(opened).toMatchObject({ status: 'open', revision: 1, assignedEngineerId: null, requestTenantId: 'contoso', resourceTenantId: 'contoso', title: 'Sign-ins fail', productAreaKey: 'identity' });
  });

  it('announces every assignment with a new revision, to an engineer or back to waiting', () => {
    const assigned = assign(opened, erin, T1);
    expect(assigned).toMatchObject({ assignedEngineerId: 'erin', assignedAt: T1, place: 'erin#1', revision: 2 });
    expect(assign(assigned, null, T1)).toMatchObject({ assignedEngineerId: null, assignedAt: null, place: null, revision: 3 });
  });

  it.each([
    [{ description: 'More detail' }, false, 1],
    [{ allowAdvancedDiagnostics: true }, false, 1],
    [{ allowAdvancedDiagnostics: false }, true, 2],
    [{ description: 'x', allowAdvancedDiagnostics: false }, true, 2],
  ])('a customer change %j: consent changed %s, revision %i', (change, consentChanged, revision) => {
    const result = changeByCustomer(opened, change, T1);
    expect(result.consentChanged).toBe(consentChanged);
    expect(result.next.revision).toBe(revision);
  });

  it('closes only an open case, and reopens only a closed one, without consent', () => {
    const closed = close(assign(opened, erin, T0), 'erin', T1);
    expect(closed).toMatchObject({ status: 'closed', closedBy: 'erin', place: null, revision: 3 });
    expect(() => close(closed, 'erin', T1)).toThrow(CaseClosedError);
    expect(() => changeByCustomer(closed, { description: 'x' }, T1)).toThrow(CaseClosedError);
    expect(() => reopen(opened, 'bob', T1, erin)).toThrow(CaseNotClosedError);
    const kept = { engineerId: 'erin', place: 'erin#2' };
    expect(reopen(closed, 'bob', T1, kept)).toMatchObject({ status: 'open', allowAdvancedDiagnostics: false, assignedEngineerId: 'erin', place: 'erin#2', closedAt: null, revision: 4 });
    expect(reopen(closed, 'bob', T1, null)).toMatchObject({ assignedEngineerId: null, assignedAt: null, place: null });
  });

  it('a manual reassignment moves an open case to another engineer; to the same one it is refused', () => {
    const assigned = assign(opened, erin, T0);
    expect(reassign(assigned, { engineerId: 'olga', place: 'olga#3' }, T1)).toMatchObject({ assignedEngineerId: 'olga', place: 'olga#3', assignedAt: T1, revision: 3 });
    expect(() => reassign(assigned, { engineerId: 'erin', place: 'erin#2' }, T1)).toThrow(CaseAlreadyAssignedError);
    expect(() => reassign(close(assigned, 'erin', T1), { engineerId: 'olga', place: 'olga#1' }, T1)).toThrow(CaseClosedError);
  });
});
