import type { AuthenticatedUser } from './authenticated-user';

/**
 * The two people a support contract names to manage it. Each service keeps them wherever it
 * needs the rule: on the contract, on each workspace, on its copy of a workspace.
 */
export interface ManagedBy {
  csamId: string | null;
  accountCoordinatorId: string | null;
}

export type ContractManagerRole = 'csam' | 'account-coordinator';

/**
 * The CSAM/AC rule, the one implementation every service uses: a user manages a contract
 * (and all its workspaces) when they are named in its slot *and* still hold the matching
 * vendor role. The id alone is not enough — someone who left the role keeps no reach — and
 * the role alone is not enough — a CSAM manages only the contracts that name them. Which
 * roles count (e.g. only in the vendor's tenant) is `AuthenticatedUser.hasRole`'s decision.
 *
 * Returns the slot the user fills, or null.
 */
export function managerRoleOf(user: AuthenticatedUser, contract: ManagedBy): ContractManagerRole | null {
  if (user.actsAs('csam', contract.csamId)) return 'csam';
  if (user.actsAs('account-coordinator', contract.accountCoordinatorId)) return 'account-coordinator';
  return null;
}

export function managesContract(user: AuthenticatedUser, contract: ManagedBy): boolean {
  return managerRoleOf(user, contract) !== null;
}

/**
 * The same rule as a query over stored `ManagedBy` fields: conditions matching the contracts
 * (or workspaces) the user manages, one per role held; empty when the user manages none.
 */
export function managedByConditions(user: AuthenticatedUser): ({ csamId: string } | { accountCoordinatorId: string })[] {
  const conditions: ({ csamId: string } | { accountCoordinatorId: string })[] = [];
  if (user.hasRole('csam')) conditions.push({ csamId: user.id });
  if (user.hasRole('account-coordinator')) conditions.push({ accountCoordinatorId: user.id });
  return conditions;
}
