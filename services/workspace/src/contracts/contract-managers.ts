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
  return (
    (user.hasRole('csam') && contract.csamId === user.id) ||
    (user.hasRole('account-coordinator') && contract.accountCoordinatorId === user.id)
  );
}

/** The manager slot the caller fills, if any: used to answer "my role" for a managed workspace. */
export function managerRoleOf(user: AuthenticatedUser, contract: ManagedBy): 'csam' | 'account-coordinator' | null {
  if (user.hasRole('csam') && contract.csamId === user.id) return 'csam';
  if (user.hasRole('account-coordinator') && contract.accountCoordinatorId === user.id) return 'account-coordinator';
  return null;
}

/** Query conditions matching the contracts (or workspaces) the caller manages; empty when none. */
export function managedByConditions(user: AuthenticatedUser): ({ csamId: string } | { accountCoordinatorId: string })[] {
  const conditions: ({ csamId: string } | { accountCoordinatorId: string })[] = [];
  if (user.hasRole('csam')) conditions.push({ csamId: user.id });
  if (user.hasRole('account-coordinator')) conditions.push({ accountCoordinatorId: user.id });
  return conditions;
}
