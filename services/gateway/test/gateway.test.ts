// The gateway of the embedded default, in front of stand-in services that echo what reaches
// them: routing by the route table, request ids, X-Forwarded-*, bodies passed on byte for byte,
// the body limit, CORS, errors in the services' shape, replicas, health and the merged OpenAPI.
import SwaggerParser from '@apidevtools/swagger-parser';
import { SERVICE_NAMES, type ServiceName } from '@support-hub/contracts';
import type { OpenAPIObject } from '@nestjs/swagger';
import { createPinoLogger, HTTP_METHODS } from '@support-hub/platform';
import type { FastifyInstance } from 'fastify';
import { serviceDocument } from '../../../test/support/service-documents';
import { loadGatewayConfig } from '../src/config/gateway.config';
import { buildGateway } from '../src/gateway.server';
import { EchoService, type Echo } from './support/echo-service';
import { ROUTING_CASES, UNROUTED } from './support/routing-cases';

const LIMIT = 2048;

describe('gateway', () => {
  const services = {} as Record<ServiceName, EchoService>;
  let secondAccess: EchoService;
  const documents = {} as Record<ServiceName, OpenAPIObject>;
  let gateway: FastifyInstance;

  const start = async (env: Record<string, string> = {}) => {
    const config = loadGatewayConfig({
      ...Object.fromEntries(SERVICE_NAMES.map((service) => [`${service.toUpperCase()}_URL`, services[service].url])),
      ACCESS_URL: `${services.access.url},${secondAccess.url}`,
      BODY_LIMIT_BYTES: String(LIMIT),
      CORS_ORIGINS: 'https://portal.example.com',
      ...env,
    });
    const started = await buildGateway(config, createPinoLogger('gateway', 'silent'));
    await started.ready();
    return started;
  };

  beforeAll(async () => {
    for (const service of SERVICE_NAMES) {
      documents[service] = await serviceDocument(service);
      services[service] = await EchoService.start(service, documents[service]);
    }
    secondAccess = await EchoService.start('access#2', documents.access);
    gateway = await start();
  });

  afterAll(async () => {
    await gateway?.close();
    await Promise.all([...Object.values(services), secondAccess].map((service) => service?.stop()));
  });

  const send = async (method: string, url: string, options: { headers?: Record<string, string>; payload?: string } = {}) =>
    gateway.inject({ method: method as 'GET', url, headers: options.headers, payload: options.payload, remoteAddress: '203.0.113.7' });
  const echoOf = (reply: { json(): unknown }) => reply.json() as Echo;

  it.each(ROUTING_CASES)('%s %s reaches the %s service, path and query unchanged', async (method, url, service) => {
    const reply = await send(method, url);
    expect(reply.statusCode).toBe(200);
    expect(echoOf(reply)).toMatchObject({ service: expect.stringMatching(new RegExp(`^${service}`)), method, url });
  });

  it.each(UNROUTED)('%s is nobody’s: 404 in the error shape', async (url) => {
    const reply = await send('GET', url);
    expect(reply.statusCode).toBe(404);
    expect(reply.json()).toEqual({ statusCode: 404, error: 'Not Found', code: 'NOT_FOUND', message: expect.any(String) });
  });

  it('passes a client’s request id to the service (its correlationId) and back; makes one when missing or unsafe', async () => {
    const given = await send('GET', '/api/v1/cases', { headers: { 'x-request-id': 'front-end-42' } });
    expect(echoOf(given).headers).toMatchObject({ 'x-request-id': 'front-end-42', 'x-correlation-id': 'front-end-42' });
    expect(given.headers['x-request-id']).toBe('front-end-42');
    for (const headers of [{}, { 'x-request-id': 'bad id with spaces' }] as Record<string, string>[]) {
      const made = await send('GET', '/api/v1/cases', { headers });
      expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(echoOf(made).headers['x-request-id']).toBe(made.headers['x-request-id']);
    }
  });

  it('sets X-Forwarded-* from what it saw; a client’s own X-Forwarded-For is replaced', async () => {
    const reply = await send('GET', '/api/v1/cases', { headers: { 'x-forwarded-for': '10.9.9.9', host: 'api.example.com' } });
    expect(echoOf(reply).headers).toMatchObject({ 'x-forwarded-for': '203.0.113.7', 'x-forwarded-proto': 'http', 'x-forwarded-host': 'api.example.com' });
  });

  it('passes bodies on byte for byte, an empty JSON body as empty', async () => {
    const raw = '{ "title" :"Sign-in\\u00e9",  "n": 1.50 }';
    const reply = await send('POST', '/api/v1/workspaces/w/cases', { headers: { 'content-type': 'application/json' }, payload: raw });
    expect(echoOf(reply)).toMatchObject({ body: raw, headers: expect.objectContaining({ 'content-type': 'application/json' }) });
    const empty = await send('POST', '/api/v1/cases/c/close', { headers: { 'content-type': 'application/json' }, payload: '' });
    expect(empty.statusCode).toBe(200);
    expect(echoOf(empty).body).toBe('');
  });

  it('refuses a body over the limit with 413 before any service sees it', async () => {
    const before = services.case.received.length;
    const reply = await send('POST', '/api/v1/workspaces/w/cases', { headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ text: 'x'.repeat(LIMIT) }) });
    expect(reply.statusCode).toBe(413);
    expect(reply.json()).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect(services.case.received.length).toBe(before);
  });

  it('answers CORS preflights itself, for the configured origins only', async () => {
    const before = services.case.received.length;
    const allowed = await send('OPTIONS', '/api/v1/cases', { headers: { origin: 'https://portal.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' } });
    expect(allowed.statusCode).toBe(204);
    expect(allowed.headers).toMatchObject({ 'access-control-allow-origin': 'https://portal.example.com', 'access-control-allow-headers': expect.stringContaining('authorization') });
    const other = await send('OPTIONS', '/api/v1/cases', { headers: { origin: 'https://evil.example.com', 'access-control-request-method': 'POST' } });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    const simple = await send('GET', '/api/v1/cases', { headers: { origin: 'https://portal.example.com' } });
    expect(simple.headers).toMatchObject({ 'access-control-allow-origin': 'https://portal.example.com', 'access-control-expose-headers': expect.stringContaining('x-request-id') });
    expect(services.case.received.length).toBe(before + 1);
  });

  it('balances a service’s replicas', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20; i++) seen.add(echoOf(await send('GET', '/api/v1/audit')).service);
    expect(seen).toEqual(new Set(['access', 'access#2']));
  });

  it('answers 502 in the error shape when a service is down, and health says which', async () => {
    const down = await start({ CASE_URL: 'http://127.0.0.1:1' });
    try {
      const reply = await down.inject({ method: 'GET', url: '/api/v1/cases' });
      expect(reply.statusCode).toBe(502);
      expect(reply.json()).toEqual({ statusCode: 502, error: 'Bad Gateway', code: 'UPSTREAM_UNAVAILABLE', message: 'The case service did not answer' });
      const health = await down.inject({ method: 'GET', url: '/health/ready' });
      expect(health.statusCode).toBe(503);
      expect(health.json()).toEqual({ status: 'unavailable', checks: { workspace: 'ok', invitation: 'ok', case: 'unavailable', access: 'ok' } });
    } finally {
      await down.close();
    }
    expect((await send('GET', '/health/ready')).json()).toMatchObject({ status: 'ok' });
    expect((await send('GET', '/health/live')).json()).toEqual({ status: 'ok' });
  });

  it('serves one valid OpenAPI document at /docs/json with every operation of the four services, and Swagger UI at /docs', async () => {
    const reply = await send('GET', '/docs/json');
    expect(reply.statusCode).toBe(200);
    const merged = reply.json() as OpenAPIObject;
    await expect(SwaggerParser.validate(structuredClone(merged) as never)).resolves.toBeDefined();
    const operations = (document: OpenAPIObject) =>
      Object.entries(document.paths).flatMap(([path, item]) => HTTP_METHODS.filter((method) => item[method]).map((method) => `${method.toUpperCase()} ${path}`));
    const expected = new Set(SERVICE_NAMES.flatMap((service) => operations(documents[service])).filter((operation) => !/ \/(health|metrics)/.test(operation)));
    expect(new Set(operations(merged))).toEqual(expected);
    const ui = await send('GET', '/docs');
    expect(ui.headers['content-type']).toMatch(/text\/html/);
    expect((await send('GET', '/docs/assets/swagger-ui-bundle.js')).statusCode).toBe(200);
    expect((await send('GET', '/docs/assets/package.json')).statusCode).toBe(404);
  });

  it('gives the invitation link somewhere to land', async () => {
    const token = 'A'.repeat(43);
    const page = await send('GET', `/invitations/accept?token=${token}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`{"token":"${token}"}`);
    expect((await send('GET', '/invitations/accept?token=<script>')).body).not.toContain('<script>');
  });
});
