import type { AuthenticatedUser } from '@support-hub/auth';

/**
 * The contract's own CSAM or account coordinator, still holding that role. The same rule as
 * the workspace service's; this service applies it to its copy of the workspace.
 */
export function managesWorkspace(user: AuthenticatedUser, workspace: { csamId: string | null; accountCoordinatorId: string | null }): boolean {
  return user.actsAs('csam', workspace.csamId) || user.actsAs('account-coordinator', workspace.accountCoordinatorId);
}
