import { AuthenticatedUser, DIRECTORY_ROLES, MANAGE_SUPPORT_ACCESS, PERSONAL_ACCOUNT_TENANT_ID, VENDOR_ROLES } from './authenticated-user';
import { SUPPORT_ACCESS_DIRECTORY_ROLES } from './entra-directory-roles';

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

  describe('directory roles as Entra sends them: template ids in wids', () => {
    const GLOBAL_ADMINISTRATOR = '62e90394-69f5-4237-9190-012177145e10';
    const HELPDESK_ADMINISTRATOR = '729827e3-9c14-49f7-bb1b-9608f156bbb8';
    const GLOBAL_READER = 'f2ef992c-3afb-46b9-b7cf-a126ee74c451'; // reads everything, holds no support-ticket permission
    const UNLISTED = '00000000-0000-4000-8000-000000000000'; // a GUID of no listed role
    const withWids = (tid: string, wids: unknown, roles: string[] = []) =>
      AuthenticatedUser.fromClaims({ sub: 'u', tid, roles, wids: wids as string[] }, VENDOR_TENANT);

    it.each(SUPPORT_ACCESS_DIRECTORY_ROLES.map((role) => [role.name, role.templateId]))('%s (%s) in wids manages support access of its own tenant only', (name, templateId) => {
      const admin = withWids(CUSTOMER_TENANT, [templateId]);
      expect([admin.canManageSupportAccessOf(CUSTOMER_TENANT), admin.canManageSupportAccessOf(VENDOR_TENANT), admin.roles]).toEqual([true, false, [name]]);
      expect(withWids(CUSTOMER_TENANT, [templateId.toUpperCase()]).canManageSupportAccessOf(CUSTOMER_TENANT)).toBe(true);
    });

    it('accepts the same roles by name in roles, and nothing else', () => {
      expect(DIRECTORY_ROLES).toEqual(SUPPORT_ACCESS_DIRECTORY_ROLES.map((role) => role.name));
      expect(DIRECTORY_ROLES).toEqual(expect.arrayContaining(['Global Administrator', 'Service Support Administrator', 'Helpdesk Administrator']));
      expect(withWids(CUSTOMER_TENANT, [], ['Helpdesk Administrator']).canManageSupportAccessOf(CUSTOMER_TENANT)).toBe(true);
    });

    it('lists each role once, with a distinct lower-case template id', () => {
      const ids = SUPPORT_ACCESS_DIRECTORY_ROLES.map((role) => role.templateId);
      expect(new Set(ids).size).toBe(ids.length);
      expect(new Set(DIRECTORY_ROLES).size).toBe(ids.length);
      for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    });

    it('grants nothing for a role without the permission, an unknown id or a malformed claim', () => {
      for (const wids of [[GLOBAL_READER, UNLISTED], ['Global Administrator'], [MANAGE_SUPPORT_ACCESS], 'not-a-list', [42, null], GLOBAL_ADMINISTRATOR]) {
        const user = withWids(CUSTOMER_TENANT, wids);
        expect([user.canManageSupportAccessOf(CUSTOMER_TENANT), user.permissions.size, user.roles]).toEqual([false, 0, []]);
      }
    });

    it("never makes a customer's token vendor staff, whatever its wids, and keeps its dropped vendor roles dropped", () => {
      const everyRole = SUPPORT_ACCESS_DIRECTORY_ROLES.map((role) => role.templateId);
      const customer = withWids(CUSTOMER_TENANT, everyRole, ['support-manager', 'csam']);
      expect(customer.isVendorStaff).toBe(false);
      for (const role of VENDOR_ROLES) expect(customer.hasRole(role)).toBe(false);
      expect(customer.canManageSupportAccessOf(CUSTOMER_TENANT)).toBe(true);
    });

    it('merges wids and roles without repeating a role', () => {
      const admin = withWids(CUSTOMER_TENANT, [GLOBAL_ADMINISTRATOR, HELPDESK_ADMINISTRATOR], ['Global Administrator']);
      expect(admin.roles).toEqual(['Global Administrator', 'Helpdesk Administrator']);
    });
  });

  it('acts as a named person in a role only with both the id and the role', () => {
    const engineer = signedIn(VENDOR_TENANT, ['support-engineer']);
    expect(engineer.actsAs('support-engineer', 'u')).toBe(true);
    expect(engineer.actsAs('support-engineer', 'someone-else')).toBe(false);
    expect(engineer.actsAs('csam', 'u')).toBe(false);
    expect(engineer.actsAs('support-engineer', null)).toBe(false);
  });
});
