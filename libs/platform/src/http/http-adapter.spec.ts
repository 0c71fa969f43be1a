import pino from 'pino';
import { requestContext } from '../context/request-context';
import { createHttpAdapter } from './http-adapter';

describe(createHttpAdapter.name, () => {
  const fastify = createHttpAdapter({ bodyLimit: 1024, logger: pino({ level: 'silent' }), logRequests: false }).getInstance();
  fastify.get('/context', async () => {
    await new Promise((resolve) => setImmediate(resolve));
    return requestContext.current() ?? null;
  });

  fastify.post('/echo', async (request) => request.body);

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
});
