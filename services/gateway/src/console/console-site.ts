import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { CONSOLE_PAGES } from '../routes/route-table';

/**
 * The page and its scripts come only from here (no inline script, no CDN); the API is
 * same-origin; nothing may frame it. nginx sends the same policy (nginx-config.ts).
 */
export const CONSOLE_CONTENT_SECURITY_POLICY =
  "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/**
 * The policy with the identity provider's origin allowed for fetch: the console reads the
 * provider's discovery document and redeems the code at its token endpoint from the browser.
 */
export function consoleContentSecurityPolicy(issuer?: string): string {
  if (!issuer) return CONSOLE_CONTENT_SECURITY_POLICY;
  return `${CONSOLE_CONTENT_SECURITY_POLICY}; connect-src 'self' ${new URL(issuer).origin}`;
}

/** Headers of every console file: the invitation link carries its token in the query, so no Referer ever. */
export const CONSOLE_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/** Whether `dir` holds a built console (`npm run console:build`). */
export function hasConsoleBundle(dir: string | undefined): dir is string {
  return Boolean(dir) && existsSync(join(dir!, 'index.html'));
}

function sendPage(reply: FastifyReply, indexHtml: Buffer, policy: string): FastifyReply {
  return reply
    .headers({ ...CONSOLE_HEADERS, 'content-security-policy': policy, 'cache-control': 'no-cache' })
    .type('text/html; charset=utf-8')
    .send(indexHtml);
}

/**
 * The web console (console/dist) at `/`: its hashed assets (cached for good) and, for each of its
 * page paths, its index.html (never cached), which routes in the browser. Only the console's own
 * pages fall back to the app: any other path stays the gateway's 404, so the console never shadows
 * /api/v1, /docs or /health. The files are listed once, at start (rebuild, then restart).
 */
export async function registerConsole(gateway: FastifyInstance, distDir: string, issuer?: string): Promise<void> {
  const indexHtml = readFileSync(join(distDir, 'index.html'));
  await gateway.register(fastifyStatic, {
    // Only the hashed build output; index.html is served as each page below.
    root: join(distDir, 'assets'),
    prefix: '/assets/',
    wildcard: false,
    index: false,
    // The docs already decorate the reply with sendFile.
    decorateReply: false,
    setHeaders: (reply) => void reply.headers({ ...CONSOLE_HEADERS, 'cache-control': 'public, max-age=31536000, immutable' }),
  });
  const policy = consoleContentSecurityPolicy(issuer);
  for (const page of CONSOLE_PAGES) gateway.get(page, (_request, reply) => sendPage(reply, indexHtml, policy));
}
