import { AuthenticatedUser, MANAGE_SUPPORT_ACCESS, PERSONAL_ACCOUNT_TENANT_ID } from './authenticated-user';

describe(AuthenticatedUser.name, () => {
  it('knows a Personal account by its consumer tenant id', () => {
    expect(AuthenticatedUser.fromClaims({ sub: 'u', tid: PERSONAL_ACCOUNT_TENANT_ID }).isPersonalAccount).toBe(true);
    expect(AuthenticatedUser.fromClaims({ sub: 'u', tid: 'contoso' }).isPersonalAccount).toBe(false);
  });

  it('maps directory roles to the support-access permission through the fixed table only', () => {
    const admin = AuthenticatedUser.fromClaims({ sub: 'u', tid: 't1', roles: ['Service Support Administrator'] });
    expect(admin.permissions.has(MANAGE_SUPPORT_ACCESS)).toBe(true);
    expect(admin.canManageSupportAccessOf('t1')).toBe(true);
    expect(admin.canManageSupportAccessOf('t2')).toBe(false);
    const claimed = AuthenticatedUser.fromClaims({ sub: 'u', tid: 't1', roles: [MANAGE_SUPPORT_ACCESS, 'Reports Reader'] });
    expect(claimed.canManageSupportAccessOf('t1')).toBe(false);
  });

  it('lower-cases the email so invitation matching is case-insensitive', () => {
    expect(AuthenticatedUser.fromClaims({ sub: 'u', email: 'Alice@Contoso.COM' }).email).toBe('alice@contoso.com');
  });
});
