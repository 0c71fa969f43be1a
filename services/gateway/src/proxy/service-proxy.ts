import proxy from '@fastify/http-proxy';
import type { ServiceName } from '@support-hub/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import type { Route } from '../routes/route-table';
import { sendError } from './error-replies';

export interface ServiceProxyOptions {
  route: Route;
  /** The service's replicas; more than one are balanced by undici's BalancedPool. */
  upstreams: string[];
  timeoutMs: number;
}

/**
 * What the services learn about the request: its id (their correlationId) and the client as the
 * gateway saw it. The gateway is the edge, so a client's own X-Forwarded-* are replaced, not
 * extended: nobody chooses the address they are counted under by sending a header.
 */
export function forwardedHeaders(request: Pick<FastifyRequest, 'id' | 'ip' | 'protocol' | 'host'>, headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return {
    ...headers,
    'x-request-id': request.id,
    'x-correlation-id': request.id,
    'x-forwarded-for': request.ip,
    'x-forwarded-proto': request.protocol,
    'x-forwarded-host': request.host,
  };
}

/** Proxies every path under one route prefix to its service, unchanged (no prefix rewriting). */
export async function registerServiceProxy(gateway: FastifyInstance, { route, upstreams, timeoutMs }: ServiceProxyOptions): Promise<void> {
  const prefix = route.prefix.replace(/\{([^}]+)\}/g, ':$1');
  const service: ServiceName = route.service;
  await gateway.register(proxy, {
    // reply-from (under http-proxy) balances an array of bases; http-proxy's types say string only.
    upstream: upstreams.length === 1 ? upstreams[0] : (upstreams as unknown as string),
    prefix,
    rewritePrefix: prefix,
    // The gateway's own parser has already read the body (within the body limit) and handed it
    // on as a stream of those bytes, which reply-from forwards as they are, never re-encoded.
    proxyPayloads: false,
    undici: { headersTimeout: timeoutMs, bodyTimeout: timeoutMs },
    replyOptions: {
      // With replicas, http-proxy checks the destination against this one URL (it cannot parse the
      // array); the pool then picks the replica.
      getUpstream: upstreams.length === 1 ? undefined : () => upstreams[0],
      rewriteRequestHeaders: forwardedHeaders,
      onError: (reply, { error }) => {
        const timedOut = (error as { statusCode?: number }).statusCode === 504;
        void sendError(reply, timedOut ? 504 : 502, timedOut ? 'UPSTREAM_TIMEOUT' : 'UPSTREAM_UNAVAILABLE', `The ${service} service did not answer`);
      },
    },
  });
}
