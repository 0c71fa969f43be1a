import { LastAdminError } from './members.errors';
import { acceptanceOutcome, assertKeepsAnAdmin, changeMember, changePersonalAccountPolicy, newWorkspace, servicesToAdd, type WorkspaceContract } from './workspace';
import { PersonalAccountsRequiredError, ServiceNotPurchasedError } from './workspaces.errors';

const NOW = new Date('2030-01-01T00:00:00Z');
const contractOf = (type: 'premier' | 'unified'): WorkspaceContract => ({ _id: 'c-1', customerTenantId: 't-1', type, csamId: 'csam-1', accountCoordinatorId: null });
const created = (type: 'premier' | 'unified') =>
  newWorkspace(contractOf(type), { id: 'ws-1', name: ' Finance ', purpose: ' Money ', isDefault: false, services: ['a', 'a'], createdBy: 'csam-1', now: NOW });

describe('workspace', () => {
  it('takes its contract, its managers and a case-insensitive name key; starts at revision 1', () => {
    expect(created('unified')).toMatchObject({
      contractId: 'c-1',
      customerTenantId: 't-1',
      contractType: 'unified',
      name: 'Finance',
      nameKey: 'finance',
      purpose: 'Money',
      services: ['a'],
      csamId: 'csam-1',
      revision: 1,
    });
  });

  it.each([
    ['premier', true],
    ['unified', false],
  ] as const)('a %s workspace allows Personal accounts from the start: %s', (type, allowed) => {
    expect(created(type).allowPersonalAccounts).toBe(allowed);
  });

  it.each([
    ['unified', false, true, { allowPersonalAccounts: true }],
    ['unified', true, false, { allowPersonalAccounts: false }],
    ['unified', false, false, null],
    ['premier', true, true, null],
  ] as const)('%s, allowed %s, set to %s: %j', (type, current, requested, change) => {
    expect(changePersonalAccountPolicy({ contractType: type, allowPersonalAccounts: current }, requested)).toEqual(change);
  });

  it('a Premier workspace cannot turn Personal accounts off', () => {
    expect(() => changePersonalAccountPolicy({ contractType: 'premier', allowPersonalAccounts: true }, false)).toThrow(PersonalAccountsRequiredError);
  });

  it.each([
    [['a'], ['a', 'b'], ['b', 'b', 'a'], ['b']],
    [['a'], ['a', 'b'], ['a'], []],
  ])('has %j, contract bought %j, adding %j adds %j', (has, purchased, requested, added) => {
    expect(servicesToAdd({ services: has }, purchased, requested)).toEqual(added);
  });

  it('adds only services the contract purchased', () => {
    expect(() => servicesToAdd({ services: [] }, ['a'], ['a', 'z'])).toThrow(ServiceNotPurchasedError);
  });
});

describe('membership', () => {
  const member = { role: 'member' as const, permissions: [] };
  it.each([
    ['made admin', { role: 'admin' as const }, { role: 'admin', permissions: [] }],
    ['given a permission twice', { permissions: ['customerActivity' as const, 'customerActivity' as const] }, { role: 'member', permissions: ['customerActivity'] }],
    ['made what it is', { role: 'member' as const }, null],
    ['sent nothing', {}, null],
  ])('a member %s → %j', (_label, requested, change) => {
    expect(changeMember(member, requested)).toEqual(change);
  });

  it.each([
    ['admin', 'member', 1, true],
    ['admin', 'removed', 1, true],
    ['admin', 'member', 2, false],
    ['admin', 'admin', 1, false],
    ['member', 'removed', 1, false],
  ] as const)('a %s becoming %s with %d admin(s): refused %s', (role, after, admins, refused) => {
    const act = () => assertKeepsAnAdmin({ role }, after, admins);
    if (refused) expect(act).toThrow(LastAdminError);
    else expect(act).not.toThrow();
  });

  it.each([
    [null, 'member', 'join'],
    [null, 'admin', 'join'],
    [{ role: 'member' }, 'admin', 'promote'],
    [{ role: 'member' }, 'member', 'none'],
    [{ role: 'admin' }, 'member', 'none'],
  ] as const)('an accepted invitation for %j as %s: %s', (existing, role, outcome) => {
    expect(acceptanceOutcome(existing, role)).toBe(outcome);
  });
});
