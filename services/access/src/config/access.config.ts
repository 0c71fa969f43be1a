import { baseConfigSchema, loadConfig } from '@support-hub/platform';
import { z } from 'zod';

export const accessConfigSchema = baseConfigSchema
  .extend({
    PORT: z.coerce.number().int().min(0).max(65535).default(3004),
    /** An unanswered support access request expires after this (default 4 days). */
    ACCESS_REQUEST_TTL_HOURS: z.coerce.number().positive().default(96),
    /** Life of a grant from an approved request when the engineer asked for no duration. */
    ACCESS_GRANT_DEFAULT_HOURS: z.coerce.number().positive().default(8),
    /** The longest grant an engineer may ask for (`durationHours` above it is refused). */
    ACCESS_GRANT_MAX_HOURS: z.coerce.number().positive().default(24),
    /**
     * Consent access lasts while the case is open and consent stands; this is its outer bound
     * (the customer consents again after it), so no grant row is ever unbounded.
     */
    CONSENT_GRANT_MAX_HOURS: z.coerce.number().positive().default(720),
    /** How often due requests and grants are marked expired (reads check expiry themselves); 0 = off. */
    ACCESS_EXPIRY_SWEEP_MS: z.coerce.number().int().min(0).default(15_000),
    /**
     * The in-memory index of live grants (the access check's hot path) reloads everything this
     * often, the backstop for a change made by another replica whose broadcast was missed.
     */
    GRANT_INDEX_RESYNC_MS: z.coerce.number().int().min(100).default(2_000),
  })
  .refine((config) => config.ACCESS_GRANT_DEFAULT_HOURS <= config.ACCESS_GRANT_MAX_HOURS, {
    message: 'ACCESS_GRANT_DEFAULT_HOURS must not exceed ACCESS_GRANT_MAX_HOURS',
    path: ['ACCESS_GRANT_DEFAULT_HOURS'],
  });

export type AccessConfig = z.infer<typeof accessConfigSchema> & { SERVICE_NAME: 'access' };

export function loadAccessConfig(env: Record<string, string | undefined> = process.env): AccessConfig {
  return { ...loadConfig(accessConfigSchema, env), SERVICE_NAME: 'access' };
}
