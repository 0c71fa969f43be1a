import { PersonalAccountNotAllowedError } from './auth.errors';
import { PERSONAL_ACCOUNT_TENANT_ID } from './authenticated-user';

/**
 * The consumer tenant every Personal Microsoft account carries. It is not a customer's
 * directory: nobody in it can consent for a tenant or approve access to one, so no
 * diagnostics access of any kind ever concerns it (DESIGN §5).
 */
export function isPersonalAccountTenant(tenantId: string): boolean {
  return tenantId === PERSONAL_ACCOUNT_TENANT_ID;
}

/** What a workspace, or a service's copy of one, says about Personal accounts. */
export interface PersonalAccountPolicy {
  /** Absent on copies stored before the policy was copied: treated as not allowed (fail closed). */
  allowPersonalAccounts?: boolean;
}

/**
 * The Personal-account rule, the one implementation every service uses: on a workspace that
 * does not allow Personal accounts, a Personal account is suspended — it cannot use the
 * workspace, whatever its membership — and it is restored as soon as the policy allows them
 * again. Nothing is stored per member, so turning the policy off and on loses nothing.
 * `accountTenantId` is the tenant of the caller's token, or the one a member joined with
 * (null when unknown: such a member is not treated as a Personal account).
 */
export function personalAccountSuspended(accountTenantId: string | null, workspace: PersonalAccountPolicy): boolean {
  return accountTenantId !== null && isPersonalAccountTenant(accountTenantId) && workspace.allowPersonalAccounts !== true;
}

/** 403 `PERSONAL_ACCOUNT_NOT_ALLOWED` for a Personal-account caller of a workspace that does not allow them. */
export function assertPersonalAccountAdmitted(user: { tenantId: string }, workspace: PersonalAccountPolicy): void {
  if (personalAccountSuspended(user.tenantId, workspace)) throw new PersonalAccountNotAllowedError();
}
