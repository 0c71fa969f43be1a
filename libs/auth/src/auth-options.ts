import { join } from 'node:path';
import type { BaseConfig } from '@support-hub/platform';

export type AuthOptions =
  | { mode: 'jwks'; jwksUri: string; issuer: string; audience: string }
  | { mode: 'dev-key'; keyFile: string; issuer: string; audience: string };

export function authOptionsFrom(config: BaseConfig): AuthOptions {
  const { AUTH_ISSUER: issuer, AUTH_AUDIENCE: audience } = config;
  if (config.AUTH_JWKS_URI) return { mode: 'jwks', jwksUri: config.AUTH_JWKS_URI, issuer, audience };
  return { mode: 'dev-key', keyFile: config.AUTH_DEV_KEY_FILE ?? join(config.DATA_DIR, 'dev-jwt.key'), issuer, audience };
}
