import { bootstrapService, exitOnBootFailure } from '@support-hub/platform';
import { loadInvitationConfig } from './config/invitation.config';
import { InvitationServiceModule } from './invitation.module';

async function main(): Promise<void> {
  const config = loadInvitationConfig();
  await bootstrapService(InvitationServiceModule.register(config), config);
}

main().catch(exitOnBootFailure);
