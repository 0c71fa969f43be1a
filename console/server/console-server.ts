import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { serviceForPath, type ServiceName } from './api-routes';
import { registerDevSignIn, type DevSignInOptions } from './dev-sign-in';

/**
 * The console's stand-in host until the API gateway (issue 15) is merged: serves the built
 * bundle at `/`, forwards `/api/v1/...` to the four services by path prefix, and in
 * development mints example users' tokens. At merge time the gateway serves the bundle and
 * its route table replaces `forwardToService`; nothing in the bundle changes.
 */
export interface ConsoleServerOptions {
  /** The built bundle (`console/dist`). */
  staticDir: string;
  /** Base URL of each service, e.g. `http://127.0.0.1:3001`. */
  services: Record<ServiceName, string>;
  /** Development sign-in; null in production. */
  devSignIn: DevSignInOptions | null;
}

// Hop-by-hop headers belong to one connection, not to the message (RFC 9110 §7.6.1).
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'host']);

function endToEnd(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const kept: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) kept[name] = value;
  return kept;
}

function errorBody(statusCode: number, error: string, code: string, message: string) {
  return { statusCode, error, code, message };
}

/** The page and its scripts come only from here; the API is same-origin; nothing may frame it. */
const CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

export async function buildConsoleServer(options: ConsoleServerOptions): Promise<FastifyInstance> {
  if (!existsSync(join(options.staticDir, 'index.html'))) throw new Error(`no console bundle at ${options.staticDir}; build it with \`npm run console:build\``);
  const app = Fastify({ logger: false, bodyLimit: 1_048_576 });

  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    // The invitation link carries its token in the query: never pass it on in a Referer.
    reply.header('referrer-policy', 'no-referrer');
    return payload;
  });

  await app.register(async (api) => {
    // Bodies go to the service untouched, whatever their type (the service validates them).
    api.removeAllContentTypeParsers();
    api.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    api.all('/api/v1/*', (request, reply) => forwardToService(options.services, request, reply));
  });

  if (options.devSignIn) registerDevSignIn(app, options.devSignIn);

  await app.register(fastifyStatic, {
    root: options.staticDir,
    wildcard: false,
    // Hashed file names under /assets may be cached for good; index.html never.
    setHeaders: (reply, path) => {
      reply.header('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      if (path.endsWith('.html')) reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    },
  });
  // The console routes in the browser (/engineer, /invitations/accept?token=…): any other page
  // path gets the app; unknown API and asset paths stay 404s.
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
    if ((request.method === 'GET' || request.method === 'HEAD') && !path.startsWith('/api/') && !path.startsWith('/assets/') && !path.startsWith('/dev/')) {
      return reply.header('cache-control', 'no-cache').header('content-security-policy', CONTENT_SECURITY_POLICY).sendFile('index.html');
    }
    return reply.code(404).send(errorBody(404, 'Not Found', 'ROUTE_NOT_FOUND', `No route ${request.method} ${path}`));
  });
  return app;
}

async function forwardToService(services: Record<ServiceName, string>, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const service = serviceForPath(request.url);
  if (!service) {
    void reply.code(404).send(errorBody(404, 'Not Found', 'ROUTE_NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}`));
    return;
  }
  const target = new URL(request.url, services[service]);
  return new Promise<void>((resolve) => {
    const upstream = httpRequest(
      target,
      {
        method: request.method,
        headers: { ...endToEnd(request.headers), 'x-forwarded-for': request.ip, 'x-forwarded-proto': request.protocol, 'x-forwarded-host': request.headers.host ?? '' },
      },
      (response) => {
        void reply.code(response.statusCode ?? 502).headers(endToEnd(response.headers)).send(response);
        response.once('end', resolve).once('error', resolve);
      },
    );
    upstream.once('error', (error) => {
      if (!reply.sent) void reply.code(502).send(errorBody(502, 'Bad Gateway', 'SERVICE_UNAVAILABLE', `The ${service} service did not answer (${(error as NodeJS.ErrnoException).code ?? error.message})`));
      resolve();
    });
    const body = request.body as NodeJS.ReadableStream | undefined;
    if (body && typeof body.pipe === 'function') body.pipe(upstream);
    else upstream.end();
  });
}
