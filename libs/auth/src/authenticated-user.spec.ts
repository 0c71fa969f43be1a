import { AuthenticatedUser, MANAGE_SUPPORT_ACCESS, PERSONAL_ACCOUNT_TENANT_ID, VENDOR_ROLES } from './authenticated-user';

const VENDOR_TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CUSTOMER_TENANT = '4a1f6c7e-1b2d-4c3e-8f9a-0b1c2d3e4f50';

describe(AuthenticatedUser.name, () => {
  const signedIn = (tid: string | undefined, roles: string[]) => AuthenticatedUser.fromClaims({ sub: 'u', tid, roles }, VENDOR_TENANT);

  it('knows a Personal account by its consumer tenant id', () => {
    expect(signedIn(PERSONAL_ACCOUNT_TENANT_ID, []).isPersonalAccount).toBe(true);
    expect(signedIn('contoso', []).isPersonalAccount).toBe(false);
  });

  it('maps directory roles to the support-access permission through the fixed table only', () => {
    const admin = AuthenticatedUser.fromClaims({ sub: 'u', tid: 't1', roles: ['Service Support Administrator'] }, VENDOR_TENANT);
    expect(admin.permissions.has(MANAGE_SUPPORT_ACCESS)).toBe(true);
    expect(admin.canManageSupportAccessOf('t1')).toBe(true);
    expect(admin.canManageSupportAccessOf('t2')).toBe(false);
    const claimed = AuthenticatedUser.fromClaims({ sub: 'u', tid: 't1', roles: [MANAGE_SUPPORT_ACCESS, 'Reports Reader'] }, VENDOR_TENANT);
    expect(claimed.canManageSupportAccessOf('t1')).toBe(false);
  });

  it('lower-cases the email so invitation matching is case-insensitive', () => {
    expect(AuthenticatedUser.fromClaims({ sub: 'u', email: 'Alice@Contoso.COM' }, VENDOR_TENANT).email).toBe('alice@contoso.com');
  });

  it.each(VENDOR_ROLES)('counts the vendor role %s only in a token of the vendor tenant', (role) => {
    const staff = signedIn(VENDOR_TENANT, [role]);
    expect([staff.isVendorStaff, staff.hasRole(role), staff.hasAnyRole(role), staff.actsAs(role, 'u'), staff.roles]).toEqual([true, true, true, true, [role]]);
    const customer = signedIn(CUSTOMER_TENANT, [role]);
    expect([customer.isVendorStaff, customer.hasRole(role), customer.hasAnyRole(role), customer.actsAs(role, 'u'), customer.roles]).toEqual([false, false, false, false, []]);
  });

  it('never takes a token without tid for vendor staff, even with an empty vendor tenant setting', () => {
    expect(signedIn(undefined, ['support-manager']).hasRole('support-manager')).toBe(false);
    expect(AuthenticatedUser.fromClaims({ sub: 'u', roles: ['support-manager'] }, '').hasRole('support-manager')).toBe(false);
  });

  it('keeps a customer\'s directory roles beside dropped vendor roles, for its own tenant only', () => {
    const admin = signedIn(CUSTOMER_TENANT, ['Global Administrator', 'support-engineer']);
    expect(admin.roles).toEqual(['Global Administrator']);
    expect(admin.canManageSupportAccessOf(CUSTOMER_TENANT)).toBe(true);
    expect(admin.canManageSupportAccessOf(VENDOR_TENANT)).toBe(false);
    // Vendor staff are directory admins of the vendor's tenant only, never of a customer's.
    const vendorAdmin = signedIn(VENDOR_TENANT, ['Global Administrator', 'support-engineer']);
    expect(vendorAdmin.canManageSupportAccessOf(CUSTOMER_TENANT)).toBe(false);
  });

  it('acts as a named person in a role only with both the id and the role', () => {
    const engineer = signedIn(VENDOR_TENANT, ['support-engineer']);
    expect(engineer.actsAs('support-engineer', 'u')).toBe(true);
    expect(engineer.actsAs('support-engineer', 'someone-else')).toBe(false);
    expect(engineer.actsAs('csam', 'u')).toBe(false);
    expect(engineer.actsAs('support-engineer', null)).toBe(false);
  });
});
