/** Personal Microsoft accounts all carry this consumer tenant id in `tid`. */
export const PERSONAL_ACCOUNT_TENANT_ID = '9188040d-6c67-4c5b-b112-36a304b66dad';

export const MANAGE_SUPPORT_ACCESS = 'microsoft.azure.supportTickets/allEntities/allTasks';

export type VendorRole = 'csam' | 'account-coordinator' | 'support-engineer' | 'support-manager';

/**
 * Entra directory roles that hold the permission to manage support access requests. The
 * table is fixed on purpose: a token's roles never grant a permission not listed here.
 */
const PERMISSIONS_OF_DIRECTORY_ROLE: Readonly<Record<string, readonly string[]>> = {
  'Global Administrator': [MANAGE_SUPPORT_ACCESS],
  'Service Support Administrator': [MANAGE_SUPPORT_ACCESS],
};

export interface JwtClaims {
  sub: string;
  email?: string;
  name?: string;
  tid?: string;
  roles?: string[];
}

/** The caller, as every controller sees it (`@CurrentUser()`). */
export class AuthenticatedUser {
  readonly permissions: ReadonlySet<string>;

  constructor(
    readonly id: string,
    readonly email: string,
    readonly name: string | null,
    readonly tenantId: string,
    readonly roles: readonly string[],
  ) {
    this.permissions = new Set(roles.flatMap((role) => PERMISSIONS_OF_DIRECTORY_ROLE[role] ?? []));
  }

  static fromClaims(claims: JwtClaims): AuthenticatedUser {
    return new AuthenticatedUser(claims.sub, (claims.email ?? '').toLowerCase(), claims.name ?? null, claims.tid ?? '', claims.roles ?? []);
  }

  get isPersonalAccount(): boolean {
    return this.tenantId === PERSONAL_ACCOUNT_TENANT_ID;
  }

  hasRole(role: string): boolean {
    return this.roles.includes(role);
  }

  hasAnyRole(...roles: string[]): boolean {
    return roles.some((role) => this.roles.includes(role));
  }

  /** May approve, reject and remove support access for `tenantId`. */
  canManageSupportAccessOf(tenantId: string): boolean {
    return this.tenantId === tenantId && this.permissions.has(MANAGE_SUPPORT_ACCESS);
  }
}
