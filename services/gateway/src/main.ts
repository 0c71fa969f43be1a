import { createPinoLogger, exitOnBootFailure } from '@support-hub/platform';
import { loadGatewayConfig } from './config/gateway.config';
import { buildGateway } from './gateway.server';

async function main(): Promise<void> {
  const config = loadGatewayConfig();
  const logger = createPinoLogger('gateway', config.LOG_LEVEL);
  const gateway = await buildGateway(config, logger);
  await gateway.listen({ port: config.PORT, host: config.HOST });
  logger.info({ port: config.PORT }, 'gateway listening');
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => void gateway.close().then(() => process.exit(0)));
  }
}

main().catch(exitOnBootFailure);
