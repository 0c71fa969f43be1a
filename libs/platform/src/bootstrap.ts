import { DynamicModule, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CustomTransportStrategy } from '@nestjs/microservices';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import type { BaseConfig } from './config/base-config.schema';
import { createHttpAdapter, httpAdapterOptionsOf } from './http/http-adapter';
import { createPinoLogger, PinoNestLogger } from './logging/pino-logger';
import { buildOpenApiDocument } from './openapi/openapi-document';
import { TRANSPORT_STRATEGY } from './transport.token';

export const API_PREFIX = 'api/v1';

/** Prefix, OpenAPI: shared by bootstrapService and the test app factory so tests see the real thing. */
export function configureApp(app: NestFastifyApplication, title: string): void {
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
    ],
  });
  SwaggerModule.setup('docs', app, buildOpenApiDocument(app, title), { jsonDocumentUrl: 'docs/json' });
  app.enableShutdownHooks();
}

/** Starts consuming after HTTP listens: a broker that is down shows as not-ready, not as a hung boot. */
export async function startConsuming(app: NestFastifyApplication): Promise<void> {
  let strategy: CustomTransportStrategy;
  try {
    strategy = app.get<CustomTransportStrategy>(TRANSPORT_STRATEGY, { strict: false });
  } catch {
    return; // this service consumes nothing
  }
  // The HTTP pipes and filters stay HTTP's: event handlers get envelopes the transport has
  // already validated against the contracts, and errors the transport turns into retries.
  app.connectMicroservice({ strategy }, { inheritAppConfig: false });
  await app.startAllMicroservices();
}

/** The whole of a service's main.ts: build the app, listen, consume; SIGTERM drains and stops. */
export async function bootstrapService(rootModule: DynamicModule, config: BaseConfig): Promise<NestFastifyApplication> {
  const logger = createPinoLogger(config.SERVICE_NAME, config.LOG_LEVEL);
  const adapter = createHttpAdapter(httpAdapterOptionsOf(config, logger));
  const app = await NestFactory.create<NestFastifyApplication>(rootModule, adapter, { logger: new PinoNestLogger(logger), abortOnError: false });
  configureApp(app, config.SERVICE_NAME);
  await app.listen(config.PORT, config.HOST);
  logger.info({ port: config.PORT }, `${config.SERVICE_NAME} service listening`);
  await startConsuming(app);
  return app;
}

/** A service that cannot boot says why in one line (a config error names the setting) and exits 1. */
export function exitOnBootFailure(error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`${JSON.stringify({ level: 'fatal', msg: 'boot failed', error: message })}\n`);
  process.exit(1);
}
