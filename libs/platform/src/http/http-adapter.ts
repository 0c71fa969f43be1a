import type { IncomingMessage } from 'node:http';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { LogController } from 'fastify';
import type { Logger } from 'pino';
import type { BaseConfig } from '../config/base-config.schema';
import { correlationIdFrom } from '../context/correlation-id';
import { requestContext } from '../context/request-context';
import { httpMetrics } from '../metrics/http-metrics';
import { jsonBodyParser } from './json-body.parser';

export interface HttpAdapterOptions {
  bodyLimit: number;
  /** Deepest nesting of a JSON body (BODY_MAX_DEPTH). */
  maxBodyDepth: number;
  /** Addresses or CIDRs of the proxies whose X-Forwarded-For is believed (TRUST_PROXY); empty: none. */
  trustedProxies: readonly string[];
  logger: Logger;
  logRequests: boolean;
}

/** What the adapter needs of a service's configuration: bootstrapService and the test app build it alike. */
export function httpAdapterOptionsOf(config: BaseConfig, logger: Logger): HttpAdapterOptions {
  return {
    bodyLimit: config.BODY_LIMIT_BYTES,
    maxBodyDepth: config.BODY_MAX_DEPTH,
    trustedProxies: config.TRUST_PROXY,
    logger,
    logRequests: config.LOG_REQUESTS,
  };
}

// Health checks and scrapes come every few seconds from the launcher, Kubernetes and Prometheus:
// a log line each would bury the requests people make. Their outcome shows in /metrics.
const PROBE_PATHS = new Set(['/health/live', '/health/ready', '/metrics']);

function isProbe(url: string | undefined): boolean {
  return url !== undefined && PROBE_PATHS.has(url.split('?')[0]);
}

/** Fastify with our body limit and JSON parser, client address, correlation ids, request logs and metrics. */
export function createHttpAdapter(options: HttpAdapterOptions): FastifyAdapter {
  const adapter = new FastifyAdapter({
    bodyLimit: options.bodyLimit,
    loggerInstance: options.logger,
    logController: new LogController({
      disableRequestLogging: (request: { url?: string }) => !options.logRequests || isProbe(request.url),
      requestIdLogLabel: 'correlationId',
    }),
    // x-request-id is what gateways (ours, nginx, most others) send; x-correlation-id wins when both are there.
    genReqId: (request: IncomingMessage) => correlationIdFrom(request.headers['x-correlation-id'] ?? request.headers['x-request-id']),
    // request.ip is the client address: the peer's, or the one a trusted proxy forwarded
    // (X-Forwarded-For read right to left, stopping at the first untrusted hop). Nobody is
    // trusted unless configured, so a client cannot choose the address it is counted under.
    trustProxy: options.trustedProxies.length > 0 ? [...options.trustedProxies] : false,
  });
  const fastify = adapter.getInstance();
  // Through Nest's useBodyParser so Nest does not register its own at init. Only JSON: a body
  // of any other type gets 415 (Nest would also parse forms, which none of our routes take).
  adapter.useBodyParser('application/json', false, { bodyLimit: options.bodyLimit }, jsonBodyParser(fastify, options.maxBodyDepth));
  // The request's context (its correlation id) follows the handler and everything it awaits.
  // A hook with `run` costs one AsyncLocalStorage frame per request; a Nest interceptor
  // doing the same costs several AsyncResource bindings (measured: ~5% of a trivial GET).
  fastify.addHook('onRequest', (request, _reply, done) => {
    requestContext.run({ correlationId: String(request.id), causationId: null }, done);
  });
  // Callback hooks, not async ones: an async hook costs Fastify a promise per request.
  fastify.addHook('onSend', (request, reply, payload, done) => {
    void reply.header('x-correlation-id', request.id);
    done(null, payload);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const labels = { method: request.method, route, status: String(reply.statusCode) };
    httpMetrics.duration.observe(labels, reply.elapsedTime / 1000);
    done();
  });
  return adapter;
}
