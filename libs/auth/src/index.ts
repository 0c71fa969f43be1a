export { AuthModule } from './auth.module';
export { AuthOptions, authOptionsFrom } from './auth-options';
export { AuthenticatedUser, DIRECTORY_ROLES, isVendorRole, JwtClaims, MANAGE_SUPPORT_ACCESS, PERSONAL_ACCOUNT_TENANT_ID, VENDOR_ROLES, VendorRole } from './authenticated-user';
export { directoryRoleByTemplateId, SUPPORT_ACCESS_DIRECTORY_ROLES, type EntraDirectoryRole } from './entra-directory-roles';
export { managedByConditions, managerRoleOf, managesContract, type ContractManagerRole, type ManagedBy } from './contract-managers';
export { CurrentUser, Roles } from './decorators';
export { loadOrCreateDevSigningKey } from './dev-signing-key';
export { isPersonalAccountTenant } from './personal-account';
export { signDevToken, TokenRequest } from './token-signer';
