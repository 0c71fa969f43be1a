import { isPersonalAccountTenant, type AuthenticatedUser } from '@support-hub/auth';
import type { CaseRecord } from './case';
import { ConsentNotYoursError, PersonalAccountNoDiagnosticsError } from './cases.errors';

type CaseTenants = Pick<CaseRecord, 'requestTenantId' | 'resourceTenantId'>;

/**
 * Who may give, change or withdraw consent (`allowAdvancedDiagnostics`) on a case — when it is
 * opened and afterwards. Consent lets the assigned engineer read the directory data of the
 * tenant that filed the case, so it is that tenant's alone to give:
 *
 * - never on a case of the Personal consumer tenant (filed by a Personal account, or about
 *   it): that tenant is nobody's directory, so it has no diagnostics access of any kind;
 * - only by a workspace member (checked by the caller) whose token `tid` is the tenant that
 *   filed the case *and* the workspace contract's customer tenant. A guest member from
 *   another tenant files cases with their own `tid`; consenting there would expose a tenant
 *   that never agreed, so a guest opening a case with consent is refused like a guest
 *   changing it, and such a case gets diagnostics only through an approved access request.
 *   While the workspace's customer tenant is unknown (its `workspace.created` not heard yet)
 *   nobody can consent: the rule fails closed.
 */
export function assertMayDecideConsent(user: AuthenticatedUser, kase: CaseTenants, customerTenantId: string | null): void {
  if (isPersonalAccountTenant(kase.requestTenantId) || isPersonalAccountTenant(kase.resourceTenantId)) throw new PersonalAccountNoDiagnosticsError();
  if (user.tenantId !== kase.requestTenantId || user.tenantId !== customerTenantId) throw new ConsentNotYoursError();
}
