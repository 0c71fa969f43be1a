import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import { SERVICE_NAMES, type ServiceName } from '@support-hub/contracts';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { FastifyInstance } from 'fastify';
import { mergeDocuments } from './merged-document';

/** A complete merged document is kept this long; services change their documents only on deploys. */
const KEEP_MS = 30_000;

async function documentOf(base: string): Promise<OpenAPIObject | undefined> {
  try {
    const response = await fetch(`${base}/docs/json`, { signal: AbortSignal.timeout(5_000) });
    return response.ok ? ((await response.json()) as OpenAPIObject) : undefined;
  } catch {
    return undefined;
  }
}

/** The merged document, fetched from the services (one replica each) when first asked for. */
class MergedDocumentSource {
  private kept?: { document: OpenAPIObject; at: number };

  constructor(private readonly baseOf: (service: ServiceName) => string) {}

  async current(): Promise<{ document: OpenAPIObject; complete: boolean }> {
    if (this.kept && Date.now() - this.kept.at < KEEP_MS) return { document: this.kept.document, complete: true };
    const fetched = await Promise.all(SERVICE_NAMES.map(async (service) => [service, await documentOf(this.baseOf(service))] as const));
    const documents = Object.fromEntries(fetched.filter(([, document]) => document));
    const missing = fetched.filter(([, document]) => !document).map(([service]) => service);
    const document = mergeDocuments(documents, missing);
    // Only a whole document is kept: a service that was down is asked again next time.
    if (missing.length === 0) this.kept = { document, at: Date.now() };
    return { document, complete: missing.length === 0 };
  }
}

const swaggerUiPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Support Hub API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="ui"></div><script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/ui-init.js"></script></body></html>`;

// A separate file, not inline: a Content-Security-Policy in front of the gateway may forbid inline scripts.
const swaggerUiInit = `window.ui = SwaggerUIBundle({ url: '/docs/json', dom_id: '#ui', persistAuthorization: true });`;

/** GET /docs (Swagger UI) and /docs/json (the merged document; 503 while a service's part is missing). */
export async function registerDocs(gateway: FastifyInstance, baseOf: (service: ServiceName) => string): Promise<void> {
  const source = new MergedDocumentSource(baseOf);
  // swagger-ui-dist comes with @nestjs/swagger, which serves each service's own /docs from it.
  const assets = join(require.resolve('swagger-ui-dist/package.json'), '..');
  await gateway.register(fastifyStatic, { root: assets, prefix: '/docs/assets/', allowedPath: (path) => /^\/swagger-ui(-bundle\.js|\.css)$/.test(path) });
  gateway.get('/docs/assets/ui-init.js', (_request, reply) => reply.type('text/javascript').send(swaggerUiInit));
  gateway.get('/docs', (_request, reply) => reply.type('text/html').send(swaggerUiPage));
  gateway.get('/docs/json', async (_request, reply) => {
    const { document, complete } = await source.current();
    return reply.code(complete ? 200 : 503).send(document);
  });
}
