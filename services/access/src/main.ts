import { bootstrapService, exitOnBootFailure } from '@support-hub/platform';
import { loadAccessConfig } from './config/access.config';
import { AccessServiceModule } from './access.module';

async function main(): Promise<void> {
  const config = loadAccessConfig();
  await bootstrapService(AccessServiceModule.register(config), config);
}

main().catch(exitOnBootFailure);
