import { directoryRoleByName, directoryRoleByTemplateId, MANAGE_SUPPORT_ACCESS, SUPPORT_ACCESS_DIRECTORY_ROLES } from './entra-directory-roles';

/** Personal Microsoft accounts all carry this consumer tenant id in `tid`. */
export const PERSONAL_ACCOUNT_TENANT_ID = '9188040d-6c67-4c5b-b112-36a304b66dad';

export { MANAGE_SUPPORT_ACCESS };

/** Roles the vendor gives its own staff; they count only in tokens of the vendor's tenant. */
export const VENDOR_ROLES = ['csam', 'account-coordinator', 'support-engineer', 'support-manager'] as const;
export type VendorRole = (typeof VENDOR_ROLES)[number];

export function isVendorRole(role: string): role is VendorRole {
  return (VENDOR_ROLES as readonly string[]).includes(role);
}

/** The directory roles this service gives meaning to, by name (any other grants nothing). */
export const DIRECTORY_ROLES: readonly string[] = SUPPORT_ACCESS_DIRECTORY_ROLES.map((role) => role.name);

export interface JwtClaims {
  sub: string;
  email?: string;
  name?: string;
  tid?: string;
  roles?: string[];
  /** Entra directory roles as role template ids (Entra's `wids` claim). */
  wids?: string[];
}

/**
 * The caller, as every controller sees it (`@CurrentUser()`). Which tenant a role counts in is
 * decided here, once, for every service:
 * - a vendor role (`VENDOR_ROLES`) counts only when `tid` is the vendor's tenant. Any customer
 *   tenant can put `support-manager` into its own users' tokens; from there it means nothing,
 *   so it is dropped and the caller is a customer user like any other;
 * - a directory role counts only for the token's own tenant (`canManageSupportAccessOf`),
 *   whether it is named in `roles` or comes as its template id in `wids` (as Entra sends it).
 *   `wids` only ever maps to directory roles, never to a vendor role.
 */
export class AuthenticatedUser {
  /**
   * The roles that count: the claimed ones, less vendor roles claimed outside the vendor
   * tenant, plus the names of the known directory roles among `wids`.
   */
  readonly roles: readonly string[];
  readonly permissions: ReadonlySet<string>;
  /** The token comes from the vendor's own tenant: its vendor roles count. */
  readonly isVendorStaff: boolean;

  constructor(
    readonly id: string,
    readonly email: string,
    readonly name: string | null,
    readonly tenantId: string,
    claimedRoles: readonly string[],
    vendorTenantId: string,
    claimedWids: readonly string[] = [],
  ) {
    // A token without `tid` is of no tenant: never the vendor's, even with an empty setting.
    this.isVendorStaff = tenantId !== '' && tenantId === vendorTenantId;
    const fromWids = claimedWids.flatMap((templateId) => directoryRoleByTemplateId(templateId)?.name ?? []);
    const counted = claimedRoles.filter((role) => this.isVendorStaff || !isVendorRole(role));
    this.roles = [...new Set([...counted, ...fromWids])];
    this.permissions = new Set(this.roles.some((role) => directoryRoleByName(role)) ? [MANAGE_SUPPORT_ACCESS] : []);
  }

  static fromClaims(claims: JwtClaims, vendorTenantId: string): AuthenticatedUser {
    return new AuthenticatedUser(
      claims.sub,
      (claims.email ?? '').toLowerCase(),
      claims.name ?? null,
      claims.tid ?? '',
      stringsOf(claims.roles),
      vendorTenantId,
      stringsOf(claims.wids),
    );
  }

  get isPersonalAccount(): boolean {
    return this.tenantId === PERSONAL_ACCOUNT_TENANT_ID;
  }

  hasRole(role: VendorRole): boolean {
    return this.roles.includes(role);
  }

  hasAnyRole(...roles: VendorRole[]): boolean {
    return roles.some((role) => this.roles.includes(role));
  }

  /**
   * The caller is `personId` acting in `role`: the CSAM named on a contract, the engineer
   * assigned to a case or holding a grant. The id alone is not enough: whoever holds it must
   * still hold the role, from the vendor tenant.
   */
  actsAs(role: VendorRole, personId: string | null | undefined): boolean {
    return personId === this.id && this.hasRole(role);
  }

  /** May approve, reject and remove support access for `tenantId`. */
  canManageSupportAccessOf(tenantId: string): boolean {
    return this.tenantId === tenantId && this.permissions.has(MANAGE_SUPPORT_ACCESS);
  }
}

/** A claim that should be a list of strings; the token's issuer is trusted, its shape is checked anyway. */
function stringsOf(claim: unknown): string[] {
  return Array.isArray(claim) ? claim.filter((item): item is string => typeof item === 'string') : [];
}
