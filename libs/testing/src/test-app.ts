import { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { BaseConfig, configureApp, createHttpAdapter, createPinoLogger, httpAdapterOptionsOf, PinoNestLogger, startConsuming } from '@support-hub/platform';

/**
 * A service as bootstrapService builds it (same adapter, prefix, filters, consumer), but
 * not listening on a port: supertest drives `app.getHttpServer()`.
 */
export async function createTestApp(rootModule: DynamicModule, config: BaseConfig, { consume = true } = {}): Promise<NestFastifyApplication> {
  const logger = createPinoLogger(config.SERVICE_NAME, config.LOG_LEVEL);
  const adapter = createHttpAdapter(httpAdapterOptionsOf(config, logger));
  const app = await NestFactory.create<NestFastifyApplication>(rootModule, adapter, { logger: new PinoNestLogger(logger), abortOnError: false });
  configureApp(app, config.SERVICE_NAME);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  if (consume) await startConsuming(app);
  return app;
}
