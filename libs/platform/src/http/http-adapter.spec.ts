import pino from 'pino';
import { requestContext } from '../context/request-context';
import { createHttpAdapter } from './http-adapter';

const options = { bodyLimit: 1024, maxBodyDepth: 4, trustedProxies: [], logger: pino({ level: 'silent' }), logRequests: false };

describe(createHttpAdapter.name, () => {
  const fastify = createHttpAdapter(options).getInstance();
  fastify.get('/context', async () => {
    await new Promise((resolve) => setImmediate(resolve));
    return requestContext.current() ?? null;
  });

  fastify.post('/echo', async (request) => ({ body: request.body ?? 'none' }));
  fastify.get('/ip', async (request) => ({ ip: request.ip }));

  afterAll(() => fastify.close());

  it('runs the handler, and what it awaits, in the request context with the caller correlation id', async () => {
    const response = await fastify.inject({ method: 'GET', url: '/context', headers: { 'x-correlation-id': 'abc-123' } });
    expect(response.json()).toEqual({ correlationId: 'abc-123', causationId: null });
    expect(response.headers['x-correlation-id']).toBe('abc-123');
  });

  it('makes a correlation id when the caller sent none or an unsafe one', async () => {
    for (const headers of [{}, { 'x-correlation-id': 'a b<script>' }]) {
      const response = await fastify.inject({ method: 'GET', url: '/context', headers });
      expect(response.json().correlationId).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('refuses a body over the limit with 413', async () => {
    const response = await fastify.inject({ method: 'POST', url: '/echo', payload: { text: 'x'.repeat(2048) } });
    expect(response.statusCode).toBe(413);
  });

  it('takes a JSON content type with an empty body as no body', async () => {
    const response = await fastify.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ body: 'none' });
  });

  it('parses JSON up to the maximum depth, refuses deeper before parsing, and counts no bracket inside a string', async () => {
    const atLimit = { a: [[{ b: '[[[[{{{{\\"' }]] };
    const accepted = await fastify.inject({ method: 'POST', url: '/echo', payload: atLimit });
    expect(accepted.json()).toEqual({ body: atLimit });
    const refused = await fastify.inject({ method: 'POST', url: '/echo', payload: { a: [[{ b: [] }]] } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ code: 'BODY_TOO_DEEP' });
  });

  it('refuses a body of 10,000 nested arrays or objects with 400, not a stack overflow', async () => {
    const deep = createHttpAdapter({ ...options, bodyLimit: 200_000, maxBodyDepth: 32 }).getInstance();
    deep.post('/echo', async (request) => request.body);
    for (const payload of ['['.repeat(10_000) + ']'.repeat(10_000), '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000)]) {
      const response = await deep.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ code: 'BODY_TOO_DEEP' });
    }
    await deep.close();
  });

  it('keeps Fastify refusing prototype poisoning and invalid JSON', async () => {
    for (const payload of ['{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{}}}', '{"a":']) {
      const response = await fastify.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload });
      expect(response.statusCode).toBe(400);
    }
  });

  it('believes X-Forwarded-For only from a trusted proxy', async () => {
    const forwarded = { 'x-forwarded-for': '203.0.113.7' };
    const untrusted = await fastify.inject({ method: 'GET', url: '/ip', headers: forwarded, remoteAddress: '198.51.100.1' });
    expect(untrusted.json()).toEqual({ ip: '198.51.100.1' });
    const behindProxy = createHttpAdapter({ ...options, trustedProxies: ['10.0.0.0/8'] }).getInstance();
    behindProxy.get('/ip', async (request) => ({ ip: request.ip }));
    const viaProxy = await behindProxy.inject({ method: 'GET', url: '/ip', headers: forwarded, remoteAddress: '10.1.2.3' });
    expect(viaProxy.json()).toEqual({ ip: '203.0.113.7' });
    // A client that writes its own X-Forwarded-For before the proxy appends the real address.
    const spoofed = await behindProxy.inject({ method: 'GET', url: '/ip', headers: { 'x-forwarded-for': '192.0.2.66, 203.0.113.7' }, remoteAddress: '10.1.2.3' });
    expect(spoofed.json()).toEqual({ ip: '203.0.113.7' });
    const direct = await behindProxy.inject({ method: 'GET', url: '/ip', headers: forwarded, remoteAddress: '198.51.100.1' });
    expect(direct.json()).toEqual({ ip: '198.51.100.1' });
    await behindProxy.close();
  });

  it('logs the requests people make, not health checks and scrapes', async () => {
    const lines: string[] = [];
    const logged = createHttpAdapter({ ...options, logRequests: true, logger: pino({ level: 'info' }, { write: (line: string) => void lines.push(line) }) }).getInstance();
    for (const url of ['/health/live', '/health/ready', '/metrics', '/api/v1/me']) logged.get(url, async () => ({}));
    for (const url of ['/health/live', '/health/ready?verbose=1', '/metrics', '/api/v1/me']) await logged.inject({ method: 'GET', url });
    const urls = lines.map((line) => (JSON.parse(line) as { req?: { url: string } }).req?.url).filter(Boolean);
    expect(urls).toEqual(['/api/v1/me']);
    await logged.close();
  });
});
