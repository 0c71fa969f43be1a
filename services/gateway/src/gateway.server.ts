import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import cors from '@fastify/cors';
import { correlationIdFrom } from '@support-hub/platform';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { upstreamsOf, type GatewayConfig } from './config/gateway.config';
import { consoleConfigOf, registerConsoleConfig } from './console/console-config';
import { hasConsoleBundle, registerConsole } from './console/console-site';
import { registerDevSignIn, usesDevelopmentKey } from './console/dev-sign-in';
import { registerHealth } from './health/health.routes';
import { registerDocs } from './openapi/docs.routes';
import { registerInvitationPage } from './pages/invitation-page';
import { CODE_OF_STATUS, sendError } from './proxy/error-replies';
import { registerServiceProxy } from './proxy/service-proxy';
import { ROUTES } from './routes/route-table';

const PROBE_PATHS = new Set(['/health/live', '/health/ready']);

/**
 * The embedded default's single entry point: every /api/v1 route of the four services (by the
 * route table), the merged OpenAPI at /docs, health, CORS, request ids, X-Forwarded-* and the body
 * limit. Production puts nginx, configured from the same table, in its place.
 */
export async function buildGateway(config: GatewayConfig, logger: Logger): Promise<FastifyInstance> {
  const gateway = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    logController: new LogController({
      disableRequestLogging: (request: { url?: string }) => !config.LOG_REQUESTS || PROBE_PATHS.has(request.url?.split('?')[0] ?? ''),
      requestIdLogLabel: 'correlationId',
    }),
    bodyLimit: config.BODY_LIMIT_BYTES,
    // A client's x-request-id is kept when it is a plain token, else a new one is made; it reaches
    // every service as x-request-id, where it becomes the correlationId of logs and events.
    genReqId: (request: IncomingMessage) => correlationIdFrom(request.headers['x-request-id']),
    // The edge: the peer is the client; nothing a client sends decides its address.
    trustProxy: false,
  });
  // Bodies are read whole (so the limit holds for every type, chunked or not) and passed on as a
  // stream of the same bytes: reply-from would re-encode a parsed or buffered JSON body.
  gateway.removeAllContentTypeParsers();
  gateway.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, Readable.from([body])));
  gateway.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
  await gateway.register(cors, {
    // An empty CORS_ORIGINS allows no browser origin: cross-origin use is opted into, by origin.
    origin: config.CORS_ORIGINS.length > 0 ? config.CORS_ORIGINS : false,
    methods: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type', 'x-request-id'],
    exposedHeaders: ['x-request-id', 'retry-after'],
    maxAge: 600,
  });
  gateway.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, 'gateway error');
    return sendError(reply, status, CODE_OF_STATUS[status] ?? 'INTERNAL', status >= 500 ? 'Internal gateway error' : error.message);
  });
  gateway.setNotFoundHandler((request, reply) => sendError(reply, 404, 'NOT_FOUND', `No route for ${request.method} ${request.url.split('?')[0]}`));
  for (const route of ROUTES) {
    await registerServiceProxy(gateway, { route, upstreams: upstreamsOf(config, route.service), timeoutMs: config.UPSTREAM_TIMEOUT_MS });
  }
  registerHealth(gateway, (service) => upstreamsOf(config, service));
  await registerDocs(gateway, (service) => upstreamsOf(config, service)[0]);
  if (hasConsoleBundle(config.CONSOLE_DIST_DIR)) {
    // The console's accept page takes the place of the plain invitation page.
    const consoleConfig = consoleConfigOf({ ...config, OIDC_AUDIENCE: config.OIDC_AUDIENCE ?? config.AUTH_AUDIENCE }, usesDevelopmentKey(config));
    await registerConsole(gateway, config.CONSOLE_DIST_DIR, consoleConfig.issuer);
    registerConsoleConfig(gateway, consoleConfig);
    // With an identity provider configured, people sign in there only: no development tokens beside it.
    if (consoleConfig.signIn === 'development') await registerDevSignIn(gateway, devSignInOptions(config));
  } else {
    if (config.CONSOLE_DIST_DIR) logger.warn({ dir: config.CONSOLE_DIST_DIR }, 'no console bundle there (npm run console:build): the console is not served');
    registerInvitationPage(gateway);
  }
  return gateway;
}

function devSignInOptions(config: GatewayConfig) {
  return {
    keyFile: config.AUTH_DEV_KEY_FILE ?? join(config.DATA_DIR, 'dev-jwt.key'),
    issuer: config.AUTH_ISSUER,
    audience: config.AUTH_AUDIENCE,
    vendorTenantId: config.VENDOR_TENANT_ID,
    ttlSeconds: 3600,
  };
}
