import type { AuthenticatedUser } from '@support-hub/auth';

/** The two people a contract names to manage it (kept on the contract and on each of its workspaces). */
export interface ManagedBy {
  csamId: string | null;
  accountCoordinatorId: string | null;
}

/**
 * Holding the role is not enough and neither is the id: the caller must be the contract's own
 * CSAM or account coordinator *and* still hold that role (someone who left the role keeps no reach).
 */
export function managesContract(user: AuthenticatedUser, contract: ManagedBy): boolean {
  return user.actsAs('csam', contract.csamId) || user.actsAs('account-coordinator', contract.accountCoordinatorId);
}

/** The manager slot the caller fills, if any: used to answer "my role" for a managed workspace. */
export function managerRoleOf(user: AuthenticatedUser, contract: ManagedBy): 'csam' | 'account-coordinator' | null {
  if (user.actsAs('csam', contract.csamId)) return 'csam';
  if (user.actsAs('account-coordinator', contract.accountCoordinatorId)) return 'account-coordinator';
  return null;
}

/** Query conditions matching the contracts (or workspaces) the caller manages; empty when none. */
export function managedByConditions(user: AuthenticatedUser): ({ csamId: string } | { accountCoordinatorId: string })[] {
  const conditions: ({ csamId: string } | { accountCoordinatorId: string })[] = [];
  if (user.hasRole('csam')) conditions.push({ csamId: user.id });
  if (user.hasRole('account-coordinator')) conditions.push({ accountCoordinatorId: user.id });
  return conditions;
}
