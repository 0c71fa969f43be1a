import { AuthenticatedUser, PERSONAL_ACCOUNT_TENANT_ID } from '@support-hub/auth';
import { assertMayDecideConsent } from './case-consent.policy';

const signedIn = (tenantId: string) => new AuthenticatedUser('u', 'u@example.com', 'u', tenantId, [], 'vendor-tenant');
const filedBy = (requestTenantId: string, resourceTenantId = requestTenantId) => ({ requestTenantId, resourceTenantId });

describe(assertMayDecideConsent.name, () => {
  it('lets a member of the customer tenant decide on a case that tenant filed', () => {
    expect(() => assertMayDecideConsent(signedIn('contoso'), filedBy('contoso'), 'contoso')).not.toThrow();
    // Cross-tenant cases too: consent simply gives no access there (DESIGN §6), deciding it is still the customer's.
    expect(() => assertMayDecideConsent(signedIn('contoso'), filedBy('contoso', 'fabrikam'), 'contoso')).not.toThrow();
  });

  it('refuses guests, their own cases included, and fails closed while the customer tenant is unknown', () => {
    expect(() => assertMayDecideConsent(signedIn('fabrikam'), filedBy('contoso'), 'contoso')).toThrow(expect.objectContaining({ code: 'CONSENT_NOT_YOURS' }));
    expect(() => assertMayDecideConsent(signedIn('fabrikam'), filedBy('fabrikam'), 'contoso')).toThrow(expect.objectContaining({ code: 'CONSENT_NOT_YOURS' }));
    expect(() => assertMayDecideConsent(signedIn('contoso'), filedBy('fabrikam'), 'contoso')).toThrow(expect.objectContaining({ code: 'CONSENT_NOT_YOURS' }));
    expect(() => assertMayDecideConsent(signedIn('contoso'), filedBy('contoso'), null)).toThrow(expect.objectContaining({ code: 'CONSENT_NOT_YOURS' }));
  });

  it('refuses anyone on a case of the Personal consumer tenant', () => {
    const personal = PERSONAL_ACCOUNT_TENANT_ID;
    for (const [user, kase] of [
      [signedIn(personal), filedBy(personal)],
      [signedIn(personal), filedBy(personal, 'contoso')],
      [signedIn('contoso'), filedBy('contoso', personal)],
    ] as const) {
      expect(() => assertMayDecideConsent(user, kase, personal)).toThrow(expect.objectContaining({ code: 'PERSONAL_ACCOUNT_NO_DIAGNOSTICS' }));
    }
  });
});
