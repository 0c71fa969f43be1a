import { z } from 'zod';
import { trustedProxies } from './trusted-proxies';

const flag = z.enum(['true', 'false']).transform((value) => value === 'true');

/** The vendor's own tenant in the README's examples; the one whose tokens carry vendor roles. */
export const DEFAULT_VENDOR_TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';

const SECONDS_PER_UNIT = { s: 1, m: 60, h: 3_600, d: 86_400 } as const;

/** Seconds (`86400`) or a duration with one unit (`90m`, `24h`, `1d`). */
const durationSeconds = z
  .string()
  .regex(/^\d+[smhd]?$/, 'must be seconds (86400) or a duration such as 90m, 24h, 1d')
  .transform((text) => {
    const unit = /[smhd]$/.test(text) ? (text.slice(-1) as keyof typeof SECONDS_PER_UNIT) : 's';
    return Number.parseInt(text, 10) * SECONDS_PER_UNIT[unit];
  });

/** Settings every service reads; a service extends this with its own. */
export const baseConfigSchema = z
  .object({
    /**
     * `production` refuses the development key (see the rule below). An enum, so a typo such
     * as `prod` stops the boot instead of quietly running with development settings.
     */
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
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
    /** Production: the identity provider's JWKS (RS256), https. Unset: the local development key (HS256). */
    AUTH_JWKS_URI: z.url().optional(),
    AUTH_ISSUER: z.string().min(1).default('support-hub-dev'),
    AUTH_AUDIENCE: z.string().min(1).default('support-hub'),
    AUTH_DEV_KEY_FILE: z.string().optional(),
    /**
     * The longest life a token may have (`exp` - `iat`), in seconds or as a duration. A longer
     * one is refused even while unexpired: a leaked token must not outlive a working day.
     */
    AUTH_MAX_TOKEN_LIFETIME: durationSeconds
      .pipe(z.number().int().min(60, 'must be at least 60 seconds').max(30 * 86_400, 'must be at most 30 days'))
      .default(86_400),
    /** The vendor's directory tenant: vendor roles (csam, support-engineer, ...) count only in its tokens. */
    VENDOR_TENANT_ID: z
      .guid('must be a directory tenant id (GUID)')
      .transform((id) => id.toLowerCase())
      .default(DEFAULT_VENDOR_TENANT_ID),
  })
  .superRefine((config, context) => {
    if (config.NODE_ENV !== 'production') return;
    // The development key is a file any local process can read and sign with: never in production.
    if (!config.AUTH_JWKS_URI) {
      context.addIssue({ code: 'custom', path: ['AUTH_JWKS_URI'], message: 'is required when NODE_ENV=production (the development key is for development only)' });
    } else if (new URL(config.AUTH_JWKS_URI).protocol !== 'https:') {
      context.addIssue({ code: 'custom', path: ['AUTH_JWKS_URI'], message: 'must be an https:// URL when NODE_ENV=production' });
    }
  });

export type BaseConfig = z.infer<typeof baseConfigSchema> & { SERVICE_NAME: string; PORT: number };
