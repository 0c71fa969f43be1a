import type { AuthenticatedUser } from '@support-hub/auth';
import { ManageSupportAccessRequiredError, TenantNotFoundError } from './tenancy.errors';

/**
 * A user acts for one tenant, the one in their token (`tid`): another tenant's id answers 404
 * (nothing about it is confirmed); their own tenant without the permission answers 403.
 */
export function requireSupportAccessAdminOf(user: AuthenticatedUser, tenantId: string): void {
  if (user.tenantId !== tenantId) throw new TenantNotFoundError();
  if (!user.canManageSupportAccessOf(tenantId)) throw new ManageSupportAccessRequiredError();
}
