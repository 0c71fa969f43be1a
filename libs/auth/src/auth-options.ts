import { join } from 'node:path';
import type { BaseConfig } from '@support-hub/platform';

/** What every mode shares: whom tokens must come from and for, and the identity trust rules. */
interface TokenRules {
  issuer: string;
  audience: string;
  /** The vendor's tenant: vendor roles count only in tokens whose `tid` is this. */
  vendorTenantId: string;
  /** A token whose life (`exp` - `iat`) is longer than this is refused. */
  maxTokenLifetimeSeconds: number;
}

export type AuthOptions = TokenRules & ({ mode: 'jwks'; jwksUri: string } | { mode: 'dev-key'; keyFile: string });

export function authOptionsFrom(config: BaseConfig): AuthOptions {
  const rules: TokenRules = {
    issuer: config.AUTH_ISSUER,
    audience: config.AUTH_AUDIENCE,
    vendorTenantId: config.VENDOR_TENANT_ID,
    maxTokenLifetimeSeconds: config.AUTH_MAX_TOKEN_LIFETIME,
  };
  if (config.AUTH_JWKS_URI) return { ...rules, mode: 'jwks', jwksUri: config.AUTH_JWKS_URI };
  // The config schema already refuses this; kept here so no other path to the key exists.
  if (config.NODE_ENV === 'production') throw new Error('AUTH_JWKS_URI is required when NODE_ENV=production');
  return { ...rules, mode: 'dev-key', keyFile: config.AUTH_DEV_KEY_FILE ?? join(config.DATA_DIR, 'dev-jwt.key') };
}
