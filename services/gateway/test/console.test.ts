// The web console at the embedded gateway's `/`: its pages and assets with strict headers, never
// in the way of /api/v1, /docs, /health or a 404; the development sign-in only on the
// development key.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { SERVICE_NAMES, type ServiceName } from '@support-hub/contracts';
import { createPinoLogger } from '@support-hub/platform';
import type { FastifyInstance } from 'fastify';
import { loadGatewayConfig } from '../src/config/gateway.config';
import { buildGateway } from '../src/gateway.server';
import { CONSOLE_PAGES } from '../src/routes/route-table';
import { CONSOLE_INDEX, CONSOLE_SCRIPT, consoleBundle } from './support/console-bundle';
import { EchoService, type Echo } from './support/echo-service';

describe('the console at the gateway', () => {
  const services = {} as Record<ServiceName, EchoService>;
  const bundle = consoleBundle();
  const gateways: FastifyInstance[] = [];

  const start = async (env: Record<string, string> = {}) => {
    const config = loadGatewayConfig({
      ...Object.fromEntries(SERVICE_NAMES.map((service) => [`${service.toUpperCase()}_URL`, services[service].url])),
      CONSOLE_DIST_DIR: bundle,
      DATA_DIR: bundle,
      ...env,
    });
    const gateway = await buildGateway(config, createPinoLogger('gateway', 'silent'));
    gateways.push(gateway);
    await gateway.ready();
    return gateway;
  };
  let gateway: FastifyInstance;

  beforeAll(async () => {
    for (const service of SERVICE_NAMES) services[service] = await EchoService.start(service);
    gateway = await start();
  });

  afterAll(async () => {
    await Promise.all(gateways.map((started) => started.close()));
    await Promise.all(Object.values(services).map((service) => service?.stop()));
    rmSync(bundle, { recursive: true, force: true });
  });

  it.each(CONSOLE_PAGES)('answers the console page %s with its index.html, never cached, under a strict policy', async (page) => {
    const reply = await gateway.inject({ method: 'GET', url: `${page}?next=%2Fadmin` });
    expect(reply.statusCode).toBe(200);
    expect(reply.body).toBe(CONSOLE_INDEX);
    expect(reply.headers['content-type']).toContain('text/html');
    expect(reply.headers['cache-control']).toBe('no-cache');
    expect(reply.headers['referrer-policy']).toBe('no-referrer');
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
    const policy = String(reply.headers['content-security-policy']);
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
  });

  it('lists exactly the console’s own pages (its router’s Route type)', () => {
    const router = readFileSync(join(__dirname, '..', '..', '..', 'console', 'src', 'router.tsx'), 'utf8');
    const routes = /export type Route = ([^;]+);/.exec(router)![1].split('|').map((route) => route.trim().replace(/'/g, ''));
    expect([...CONSOLE_PAGES].sort()).toEqual(routes.sort());
  });

  it('serves the invitation email’s link as the console’s accept page (the token stays in the browser)', async () => {
    const reply = await gateway.inject({ method: 'GET', url: '/invitations/accept?token=abcdefghijklmnopqrstuvwxyz' });
    expect(reply.body).toBe(CONSOLE_INDEX);
    expect(reply.headers['referrer-policy']).toBe('no-referrer');
  });

  it('serves the hashed assets cached for good; an unknown asset is a 404', async () => {
    const asset = await gateway.inject({ method: 'GET', url: '/assets/app-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.body).toBe(CONSOLE_SCRIPT);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers['content-type']).toContain('javascript');
    expect((await gateway.inject({ method: 'GET', url: '/assets/missing.js' })).statusCode).toBe(404);
    expect((await gateway.inject({ method: 'GET', url: '/assets/../index.html' })).body).not.toBe(CONSOLE_INDEX);
  });

  it('never shadows the API, the docs, health or a 404', async () => {
    const api = await gateway.inject({ method: 'GET', url: '/api/v1/cases?status=open' });
    expect((api.json() as Echo).service).toBe('case');
    expect((await gateway.inject({ method: 'GET', url: '/health/live' })).json()).toEqual({ status: 'ok' });
    expect((await gateway.inject({ method: 'GET', url: '/docs' })).body).toContain('swagger-ui');
    for (const path of ['/admin/x', '/api/v1/unknown', '/index.html', '/engineer/']) {
      const reply = await gateway.inject({ method: 'GET', url: path });
      expect(reply.statusCode).toBe(404);
      expect(reply.json()).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    }
  });

  it('mints development tokens for the sign-in page on the development key; refuses unknown fields', async () => {
    const people = await gateway.inject({ method: 'GET', url: '/dev/people' });
    expect((people.json() as { items: unknown[] }).items.length).toBeGreaterThan(0);
    const person = { sub: 'ada-1', email: 'ada@contoso.com', tid: '4a1f6c7e-1b2d-4c3e-8f9a-0b1c2d3e4f50', roles: ['Global Administrator'] };
    const minted = await gateway.inject({ method: 'POST', url: '/dev/token', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(person) });
    expect(minted.statusCode).toBe(200);
    expect(minted.headers['cache-control']).toBe('no-store');
    expect((minted.json() as { token: string }).token.split('.')).toHaveLength(3);
    const unknown = await gateway.inject({ method: 'POST', url: '/dev/token', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ ...person, admin: true }) });
    expect(unknown.statusCode).toBe(400);
    const notJson = await gateway.inject({ method: 'POST', url: '/dev/token', headers: { 'content-type': 'application/json' }, payload: '{' });
    expect(notJson.statusCode).toBe(400);
  });

  it('mints directory roles as Entra sends them (wids, role template ids); refuses an unknown one', async () => {
    const mint = (wids: string[]) =>
      gateway.inject({ method: 'POST', url: '/dev/token', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ sub: 'ada-2', email: 'ada@contoso.com', tid: '4a1f6c7e-1b2d-4c3e-8f9a-0b1c2d3e4f50', wids }) });
    const minted = await mint(['62E90394-69F5-4237-9190-012177145E10']);
    expect(minted.statusCode).toBe(200);
    const claims = JSON.parse(Buffer.from((minted.json() as { token: string }).token.split('.')[1], 'base64url').toString()) as { wids: string[] };
    expect(claims.wids).toEqual(['62E90394-69F5-4237-9190-012177145E10']);
    const unknown = await mint(['00000000-0000-0000-0000-000000000000']);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('wids.0') });
  });

  it('tells the console how people sign in: the development sign-in on the development key', async () => {
    const reply = await gateway.inject({ method: 'GET', url: '/console/config.json' });
    expect(reply.statusCode).toBe(200);
    expect(reply.json()).toEqual({ signIn: 'development' });
  });

  it('with an identity provider configured: OpenID Connect settings, its origin allowed for fetch, and no development sign-in', async () => {
    const oidc = await start({ OIDC_ISSUER: 'https://login.example.com/tenant-1/v2.0', OIDC_CLIENT_ID: 'support-hub-console', AUTH_AUDIENCE: 'api://support-hub' });
    expect((await oidc.inject({ method: 'GET', url: '/console/config.json' })).json()).toEqual({
      signIn: 'oidc',
      issuer: 'https://login.example.com/tenant-1/v2.0',
      clientId: 'support-hub-console',
      scope: 'openid profile email',
      audience: 'api://support-hub',
    });
    expect((await oidc.inject({ method: 'GET', url: '/dev/people' })).statusCode).toBe(404);
    expect((await oidc.inject({ method: 'POST', url: '/dev/token', headers: { 'content-type': 'application/json' }, payload: '{}' })).statusCode).toBe(404);
    const page = await oidc.inject({ method: 'GET', url: '/sign-in/callback?code=abc&state=def' });
    expect(page.body).toBe(CONSOLE_INDEX);
    expect(page.headers['content-security-policy']).toContain("connect-src 'self' https://login.example.com");
  });

  it('says sign-in is not configured with neither an identity provider nor the development key', async () => {
    const neither = await start({ NODE_ENV: 'production', AUTH_JWKS_URI: 'https://login.example.com/keys' });
    expect((await neither.inject({ method: 'GET', url: '/console/config.json' })).json()).toEqual({ signIn: 'none' });
  });

  it('has no development sign-in with an identity provider, and serves no console without a bundle', async () => {
    const production = await start({ NODE_ENV: 'production', AUTH_JWKS_URI: 'https://login.example.com/keys' });
    expect((await production.inject({ method: 'GET', url: '/dev/people' })).statusCode).toBe(404);
    expect((await production.inject({ method: 'POST', url: '/dev/token', headers: { 'content-type': 'application/json' }, payload: '{}' })).statusCode).toBe(404);
    expect((await production.inject({ method: 'GET', url: '/admin' })).body).toBe(CONSOLE_INDEX);

    const apiOnly = await start({ CONSOLE_DIST_DIR: '' });
    expect((await apiOnly.inject({ method: 'GET', url: '/admin' })).statusCode).toBe(404);
    expect((await apiOnly.inject({ method: 'GET', url: '/dev/people' })).statusCode).toBe(404);
    // The plain invitation page stands in for the console's accept page.
    expect((await apiOnly.inject({ method: 'GET', url: '/invitations/accept?token=abcdefghijklmnopqrstuvwxyz' })).body).toContain('Support Hub invitation');
  });
});
