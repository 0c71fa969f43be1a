import { SERVICE_NAMES, type ServiceName } from '@support-hub/contracts';
import type { FastifyInstance } from 'fastify';

async function isReady(base: string): Promise<boolean> {
  try {
    return (await fetch(`${base}/health/ready`, { signal: AbortSignal.timeout(2_000) })).ok;
  } catch {
    return false;
  }
}

/**
 * /health/live: the gateway answers. /health/ready: every service has a ready replica, so every
 * route can be served; `checks` says which service is not.
 */
export function registerHealth(gateway: FastifyInstance, upstreamsOf: (service: ServiceName) => string[]): void {
  gateway.get('/health/live', async () => ({ status: 'ok' }));
  gateway.get('/health/ready', async (_request, reply) => {
    const checks = Object.fromEntries(
      await Promise.all(
        SERVICE_NAMES.map(async (service) => {
          const ready = await Promise.all(upstreamsOf(service).map(isReady));
          return [service, ready.includes(true) ? 'ok' : 'unavailable'] as const;
        }),
      ),
    );
    const ready = Object.values(checks).every((check) => check === 'ok');
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ok' : 'unavailable', checks });
  });
}
