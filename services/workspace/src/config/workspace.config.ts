import { baseConfigSchema, loadConfig } from '@support-hub/platform';
import { z } from 'zod';

export const workspaceConfigSchema = baseConfigSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  /**
   * How often a replica looks for contracts whose start or end date has arrived. Each
   * transition is a conditional update, so replicas sweeping at the same time are harmless.
   */
  CONTRACT_SWEEP_INTERVAL_MS: z.coerce.number().int().min(50).max(3_600_000).default(30_000),
  /** Entries of the Customer Activity feed returned per workspace (and for "all"). */
  ACTIVITY_RECENT_LIMIT: z.coerce.number().int().min(1).max(100).default(20),
});

export type WorkspaceConfig = z.infer<typeof workspaceConfigSchema> & { SERVICE_NAME: 'workspace' };

export function loadWorkspaceConfig(env: Record<string, string | undefined> = process.env): WorkspaceConfig {
  return { ...loadConfig(workspaceConfigSchema, env), SERVICE_NAME: 'workspace' };
}
