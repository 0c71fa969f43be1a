import { bootstrapService, exitOnBootFailure } from '@support-hub/platform';
import { loadWorkspaceConfig } from './config/workspace.config';
import { WorkspaceServiceModule } from './workspace.module';

async function main(): Promise<void> {
  const config = loadWorkspaceConfig();
  await bootstrapService(WorkspaceServiceModule.register(config), config);
}

main().catch(exitOnBootFailure);
