import type { OpenAPIObject } from '@nestjs/swagger';
import Fastify, { type FastifyInstance } from 'fastify';

export interface Echo {
  service: string;
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A stand-in service: answers every request with what it received, serves its OpenAPI document and health. */
export class EchoService {
  readonly received: Echo[] = [];
  private constructor(readonly name: string, private readonly server: FastifyInstance) {}

  static async start(name: string, document?: OpenAPIObject): Promise<EchoService> {
    const server = Fastify();
    const echo = new EchoService(name, server);
    server.removeAllContentTypeParsers();
    server.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    server.get('/docs/json', async () => document ?? {});
    server.get('/health/ready', async () => ({ status: 'ok' }));
    server.all('/*', async (request) => {
      const received: Echo = { service: name, method: request.method, url: request.url, headers: request.headers, body: request.body ? String(request.body) : '' };
      echo.received.push(received);
      return received;
    });
    await server.listen({ port: 0, host: '127.0.0.1' });
    return echo;
  }

  get url(): string {
    const address = this.server.server.address();
    return typeof address === 'object' && address ? `http://127.0.0.1:${address.port}` : '';
  }

  stop(): Promise<void> {
    return this.server.close();
  }
}
