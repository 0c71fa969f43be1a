import { PERSONAL_ACCOUNT_TENANT_ID } from './authenticated-user';

/**
 * The consumer tenant every Personal Microsoft account carries. It is not a customer's
 * directory: nobody in it can consent for a tenant or approve access to one, so no
 * diagnostics access of any kind ever concerns it (DESIGN §5).
 */
export function isPersonalAccountTenant(tenantId: string): boolean {
  return tenantId === PERSONAL_ACCOUNT_TENANT_ID;
}
