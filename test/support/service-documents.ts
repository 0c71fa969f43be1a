import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { buildOpenApiDocument, configureApp } from '@support-hub/platform';
import { AccessServiceModule } from '../../services/access/src/access.module';
import { loadAccessConfig } from '../../services/access/src/config/access.config';
import { CaseServiceModule } from '../../services/case/src/case.module';
import { loadCaseConfig } from '../../services/case/src/config/case.config';
import { loadInvitationConfig } from '../../services/invitation/src/config/invitation.config';
import { InvitationServiceModule } from '../../services/invitation/src/invitation.module';
import { loadWorkspaceConfig } from '../../services/workspace/src/config/workspace.config';
import { WorkspaceServiceModule } from '../../services/workspace/src/workspace.module';
import type { ServiceName } from './system-under-test';

/** Settings that pass validation; nothing connects in preview mode. */
const envOf = (service: ServiceName) => ({
  NODE_ENV: 'test',
  AMQP_URL: `amqp://support-hub-${service}:unused@127.0.0.1:1`,
  MONGODB_URI: 'mongodb://127.0.0.1:1/unused',
});

const MODULES: Record<ServiceName, () => DynamicModule> = {
  workspace: () => WorkspaceServiceModule.register(loadWorkspaceConfig(envOf('workspace'))),
  invitation: () => InvitationServiceModule.register(loadInvitationConfig(envOf('invitation'))),
  case: () => CaseServiceModule.register(loadCaseConfig(envOf('case'))),
  access: () => AccessServiceModule.register(loadAccessConfig(envOf('access'))),
};

/**
 * A service's OpenAPI document exactly as it serves it at /docs/json, built in Nest's preview
 * mode (modules and routes are read, no provider is created), so no database or broker is needed.
 */
export async function serviceDocument(service: ServiceName): Promise<OpenAPIObject> {
  const app = await NestFactory.create<NestFastifyApplication>(MODULES[service](), new FastifyAdapter(), { preview: true, logger: false });
  try {
    configureApp(app, service);
    return buildOpenApiDocument(app, service);
  } finally {
    await app.close();
  }
}
