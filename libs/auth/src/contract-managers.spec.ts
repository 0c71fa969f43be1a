import { AuthenticatedUser } from './authenticated-user';
import { managedByConditions, managerRoleOf, managesContract } from './contract-managers';

const vendor = 'vendor-tenant';
const userWith = (id: string, roles: string[]) => new AuthenticatedUser(id, `${id}@example.com`, id, vendor, roles, vendor);
const contract = { csamId: 'carla', accountCoordinatorId: 'andy' };

describe('contract managers (the CSAM/AC rule)', () => {
  it('needs both the slot on the contract and the matching vendor role', () => {
    expect(managerRoleOf(userWith('carla', ['csam']), contract)).toBe('csam');
    expect(managerRoleOf(userWith('andy', ['account-coordinator']), contract)).toBe('account-coordinator');
    // A former CSAM: still named on the contract, role removed from the token.
    expect(managesContract(userWith('carla', []), contract)).toBe(false);
    // The role of the other slot does not stand in for the one the user is named in.
    expect(managesContract(userWith('carla', ['account-coordinator']), contract)).toBe(false);
    // Holding the role without being named.
    expect(managesContract(userWith('oscar', ['csam', 'account-coordinator']), contract)).toBe(false);
    expect(managesContract(userWith('carla', ['csam']), { csamId: null, accountCoordinatorId: null })).toBe(false);
  });

  it('gives the same answer as a query: one condition per vendor role held', () => {
    expect(managedByConditions(userWith('carla', ['csam', 'account-coordinator']))).toEqual([{ csamId: 'carla' }, { accountCoordinatorId: 'carla' }]);
    expect(managedByConditions(userWith('carla', ['support-engineer']))).toEqual([]);
  });
});
