import { z } from 'zod';
import { trustedProxies } from './trusted-proxies';

const flag = z.enum(['true', 'false']).transform((value) => value === 'true');

/** Settings every service reads; a service extends this with its own. */
export const baseConfigSchema = z.object({
  HOST: z.string().default('127.0.0.1'),
  MONGODB_URI: z.string().regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// URI'),
  /** Logs in as the service's own broker user, `<AMQP_USER_PREFIX><service>` (docs/security-model.md). */
  AMQP_URL: z.string().regex(/^amqps?:\/\//, 'must be an amqp:// URI'),
  AMQP_EXCHANGE: z.string().min(1).default('support-hub.events'),
  AMQP_USER_PREFIX: z.string().regex(/^[a-z0-9._-]*$/, 'letters, digits, dot, dash and underscore only').default('support-hub-'),
  DATA_DIR: z.string().min(1).default('.data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_REQUESTS: flag.default(true),
  // Input and limits: what one request may carry, and who a request is counted against.
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(10_485_760).default(65_536),
  /** Deepest nesting of arrays and objects a JSON body may have; our DTOs need 3. */
  BODY_MAX_DEPTH: z.coerce.number().int().min(1).max(256).default(32),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(30),
  /** Proxies whose X-Forwarded-For is believed: comma-separated addresses or CIDRs. Unset: nobody's. */
  TRUST_PROXY: trustedProxies.default([]),
  /** Production: the identity provider's JWKS (RS256). Unset: the local development key (HS256). */
  AUTH_JWKS_URI: z.url().optional(),
  AUTH_ISSUER: z.string().min(1).default('support-hub-dev'),
  AUTH_AUDIENCE: z.string().min(1).default('support-hub'),
  AUTH_DEV_KEY_FILE: z.string().optional(),
});

export type BaseConfig = z.infer<typeof baseConfigSchema> & { SERVICE_NAME: string; PORT: number };
