import { baseConfigSchema, loadConfig } from '@support-hub/platform';
import { z } from 'zod';

export const caseConfigSchema = baseConfigSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3003),
  /**
   * Fallback pass that assigns cases still waiting `unassigned` (the normal path runs right
   * after an engineer is registered or reactivated); 0 turns the pass off.
   */
  CASE_ASSIGNMENT_SWEEP_MS: z.coerce.number().int().min(0).default(60_000),
});

export type CaseConfig = z.infer<typeof caseConfigSchema> & { SERVICE_NAME: 'case' };

export function loadCaseConfig(env: Record<string, string | undefined> = process.env): CaseConfig {
  return { ...loadConfig(caseConfigSchema, env), SERVICE_NAME: 'case' };
}
