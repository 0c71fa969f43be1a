import { SERVICE_NAMES, type ServiceName } from '@support-hub/contracts';
import { baseConfigSchema, loadConfig } from '@support-hub/platform';
import { z } from 'zod';

const DEFAULT_PORTS: Record<ServiceName, number> = { workspace: 3001, invitation: 3002, case: 3003, access: 3004 };

/** `http://a:1,http://b:2`: the replicas of one service, balanced by the proxy. */
const upstreamList = z
  .string()
  .transform((value) => value.split(',').map((url) => url.trim().replace(/\/+$/, '')).filter(Boolean))
  .pipe(z.array(z.url({ protocol: /^https?$/ })).min(1));

const originList = z
  .string()
  .default('')
  .transform((value) => value.split(',').map((origin) => origin.trim()).filter(Boolean))
  .pipe(z.array(z.url({ protocol: /^https?$/ })));

// The token settings the services read: the console's development sign-in mints what they accept.
const { NODE_ENV, DATA_DIR, AUTH_JWKS_URI, AUTH_ISSUER, AUTH_AUDIENCE, AUTH_DEV_KEY_FILE, VENDOR_TENANT_ID } = baseConfigSchema.shape;

export const gatewayConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_REQUESTS: z.stringbool().default(true),
  /** Browser origins allowed to call the API (`https://portal.example.com,http://localhost:5173`); empty: none. */
  CORS_ORIGINS: originList,
  /** Bodies larger than this get 413 at the gateway, before any service sees them (the services' own limit too). */
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(10 * 1024 * 1024).default(65_536),
  /** How long a service may take to answer before the client gets 504. */
  UPSTREAM_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  /** The built web console (console/dist), served at `/`; unset or not built: no console. */
  CONSOLE_DIST_DIR: z.string().optional(),
  /** The OpenID provider the console signs people in with (authorization code + PKCE); unset: no OpenID sign-in. */
  OIDC_ISSUER: z.url({ protocol: /^https?$/ }).optional(),
  /** The console's client id at that provider (a public client: no secret). */
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_SCOPE: z.string().min(1).default('openid profile email'),
  /** The resource the console asks its access token for; default AUTH_AUDIENCE, what the services accept. */
  OIDC_AUDIENCE: z.string().min(1).optional(),
  NODE_ENV,
  DATA_DIR,
  AUTH_JWKS_URI,
  AUTH_ISSUER,
  AUTH_AUDIENCE,
  AUTH_DEV_KEY_FILE,
  VENDOR_TENANT_ID,
  ...(Object.fromEntries(
    SERVICE_NAMES.map((service) => [`${service.toUpperCase()}_URL`, upstreamList.default([`http://127.0.0.1:${DEFAULT_PORTS[service]}`])]),
  ) as Record<`${Uppercase<ServiceName>}_URL`, z.ZodDefault<typeof upstreamList>>),
});

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;

export function loadGatewayConfig(env: Record<string, string | undefined> = process.env): GatewayConfig {
  return loadConfig(gatewayConfigSchema, env);
}

/** Each service's base URLs (its replicas). */
export function upstreamsOf(config: GatewayConfig, service: ServiceName): string[] {
  return config[`${service.toUpperCase() as Uppercase<ServiceName>}_URL`];
}
