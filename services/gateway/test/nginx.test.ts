// The production gateway: nginx with the configuration generated from the route table, run
// unprivileged on a free port in front of stand-in services. It must route and behave as the
// embedded gateway does (same cases). Skipped where nginx is not installed (CI installs it).
import { SERVICE_NAMES, type ServiceName } from '@support-hub/contracts';
import { EntryPoint, NGINX } from '../../../test/support/entry-points';
import { rmSync } from 'node:fs';
import { CONSOLE_PAGES } from '../src/routes/route-table';
import { CONSOLE_INDEX, CONSOLE_SCRIPT, consoleBundle } from './support/console-bundle';
import { EchoService, type Echo } from './support/echo-service';
import { ROUTING_CASES, UNROUTED } from './support/routing-cases';

const LIMIT = 2048;
const describeWithNginx = NGINX ? describe : describe.skip;

describeWithNginx('nginx from the route table', () => {
  const services = {} as Record<ServiceName, EchoService>;
  let secondAccess: EchoService;
  let nginx: EntryPoint;

  const upstreams = (overrides: Partial<Record<ServiceName, string[]>> = {}) =>
    ({ ...Object.fromEntries(SERVICE_NAMES.map((service) => [service, [services[service].url]])), access: [services.access.url, secondAccess.url], ...overrides }) as Record<ServiceName, string[]>;

  beforeAll(async () => {
    for (const service of SERVICE_NAMES) services[service] = await EchoService.start(service);
    secondAccess = await EchoService.start('access#2');
    nginx = await EntryPoint.nginx(upstreams(), { bodyLimitBytes: LIMIT, corsOrigins: ['https://portal.example.com'] });
  });

  afterAll(async () => {
    await nginx?.stop();
    await Promise.all([...Object.values(services), secondAccess].map((service) => service?.stop()));
  });

  const send = (method: string, path: string, init: RequestInit = {}) => fetch(`${nginx.url}${path}`, { method, ...init });

  it.each(ROUTING_CASES)('%s %s reaches the %s service, path and query unchanged', async (method, url, service) => {
    const reply = await send(method, url);
    expect(reply.status).toBe(200);
    expect((await reply.json()) as Echo).toMatchObject({ service: expect.stringMatching(new RegExp(`^${service}`)), method, url });
  });

  it.each(UNROUTED)('%s is nobody’s: 404 in the error shape', async (url) => {
    const reply = await send('GET', url);
    expect(reply.status).toBe(404);
    expect(await reply.json()).toEqual({ statusCode: 404, error: 'Not Found', code: 'NOT_FOUND', message: expect.any(String) });
  });

  it('passes the request id on (kept when plain, made when missing) and replaces X-Forwarded-For', async () => {
    const given = await send('GET', '/api/v1/cases', { headers: { 'x-request-id': 'front-end-42', 'x-forwarded-for': '10.9.9.9' } });
    expect(given.headers.get('x-request-id')).toBe('front-end-42');
    expect(((await given.json()) as Echo).headers).toMatchObject({ 'x-request-id': 'front-end-42', 'x-correlation-id': 'front-end-42', 'x-forwarded-for': '127.0.0.1', 'x-forwarded-proto': 'http' });
    const made = await send('GET', '/api/v1/cases', { headers: { 'x-request-id': 'bad id' } });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
    expect(((await made.json()) as Echo).headers['x-request-id']).toBe(made.headers.get('x-request-id'));
  });

  it('passes bodies on byte for byte and refuses one over the limit with 413 in the error shape', async () => {
    const raw = '{ "title" :"Sign-in",  "n": 1.50 }';
    const echoed = (await (await send('POST', '/api/v1/workspaces/w/cases', { headers: { 'content-type': 'application/json' }, body: raw })).json()) as Echo;
    expect(echoed.body).toBe(raw);
    const before = services.case.received.length;
    const large = await send('POST', '/api/v1/workspaces/w/cases', { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'x'.repeat(LIMIT) }) });
    expect(large.status).toBe(413);
    expect(await large.json()).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect(services.case.received.length).toBe(before);
  });

  it('answers CORS preflights itself, for the configured origins only', async () => {
    const allowed = await send('OPTIONS', '/api/v1/cases', { headers: { origin: 'https://portal.example.com', 'access-control-request-method': 'POST' } });
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://portal.example.com');
    expect(allowed.headers.get('access-control-allow-headers')).toContain('authorization');
    const other = await send('OPTIONS', '/api/v1/cases', { headers: { origin: 'https://evil.example.com', 'access-control-request-method': 'POST' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('balances a service’s replicas', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20; i++) seen.add(((await (await send('GET', '/api/v1/audit')).json()) as Echo).service);
    expect(seen).toEqual(new Set(['access', 'access#2']));
  });

  it('answers 502 in the error shape when a service is down', async () => {
    const down = await EntryPoint.nginx(upstreams({ case: ['http://127.0.0.1:1'] }));
    try {
      const reply = await fetch(`${down.url}/api/v1/cases`);
      expect(reply.status).toBe(502);
      expect(await reply.json()).toEqual({ statusCode: 502, error: 'Bad Gateway', code: 'UPSTREAM_UNAVAILABLE', message: expect.any(String) });
    } finally {
      await down.stop();
    }
  });

  it('serves the console’s pages and assets as the embedded gateway does, and nothing else in their place', async () => {
    const bundle = consoleBundle();
    const withConsole = await EntryPoint.nginx(upstreams(), { consoleRoot: bundle });
    try {
      for (const page of CONSOLE_PAGES) {
        const reply = await fetch(`${withConsole.url}${page}?token=abc`);
        expect(reply.status).toBe(200);
        expect(await reply.text()).toBe(CONSOLE_INDEX);
        expect(reply.headers.get('content-type')).toContain('text/html');
        expect(reply.headers.get('content-security-policy')).toContain("default-src 'self'");
        expect(reply.headers.get('referrer-policy')).toBe('no-referrer');
        expect(reply.headers.get('cache-control')).toBe('no-cache');
        expect(reply.headers.get('x-request-id')).toBeTruthy();
      }
      const asset = await fetch(`${withConsole.url}/assets/app-abc123.js`);
      expect(await asset.text()).toBe(CONSOLE_SCRIPT);
      expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(((await (await fetch(`${withConsole.url}/api/v1/cases`)).json()) as Echo).service).toBe('case');
      for (const path of ['/admin/x', '/index.html', '/api/v1/unknown']) expect((await fetch(`${withConsole.url}${path}`)).status).toBe(404);
      // nginx never runs on the development key: without an issuer, the console says sign-in is not configured.
      expect(await (await fetch(`${withConsole.url}/console/config.json`)).json()).toEqual({ signIn: 'none' });
    } finally {
      await withConsole.stop();
      rmSync(bundle, { recursive: true, force: true });
    }
  });

  it('tells the console to sign in with the OpenID provider it was generated with, and lets the page reach it', async () => {
    const bundle = consoleBundle();
    const oidc = { signIn: 'oidc' as const, issuer: 'https://login.example.com/tenant-a/v2.0', clientId: "console-'quoted'", scope: 'openid profile' };
    const withConsole = await EntryPoint.nginx(upstreams(), { consoleRoot: bundle, consoleConfig: oidc });
    try {
      const config = await fetch(`${withConsole.url}/console/config.json`);
      expect([config.status, config.headers.get('content-type'), config.headers.get('cache-control')]).toEqual([200, 'application/json', 'no-cache']);
      expect(await config.json()).toEqual(oidc);
      const page = await fetch(`${withConsole.url}${CONSOLE_PAGES[0]}`);
      expect(page.headers.get('content-security-policy')).toContain("connect-src 'self' https://login.example.com");
    } finally {
      await withConsole.stop();
      rmSync(bundle, { recursive: true, force: true });
    }
  });
});
