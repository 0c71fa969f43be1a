import { bootstrapService, exitOnBootFailure } from '@support-hub/platform';
import { loadCaseConfig } from './config/case.config';
import { CaseServiceModule } from './case.module';

async function main(): Promise<void> {
  const config = loadCaseConfig();
  await bootstrapService(CaseServiceModule.register(config), config);
}

main().catch(exitOnBootFailure);
