// Authenticated trivial GET (GET /api/v1/me on the workspace service) against a bare
// Fastify server doing the same JWT check, measured in the same run.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateDevSigningKey, signDevToken } from '@support-hub/auth';
import { EmbeddedMongo } from '@support-hub/embedded-mongo';
import { compareLoads, printTable } from './support/load';
import { startNode, stopProcess, waitForHttp } from './support/processes';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

export async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-http-'));
  const keyFile = join(dataDir, 'dev-jwt.key');
  const token = signDevToken(loadOrCreateDevSigningKey(keyFile), { sub: 'bench', email: 'bench@contoso.com', tid: 'tenant-a' }, 'support-hub-dev', 'support-hub');
  const mongo = await EmbeddedMongo.start({ port: 0 });
  const service = startNode('services/workspace/src/main.js', {
    PORT: '3901', MONGODB_URI: mongo.uri.replace('/?', '/bench-http?'), DATA_DIR: dataDir, AUTH_DEV_KEY_FILE: keyFile,
    // No broker: /api/v1/me needs none, HTTP serves while the consumer waits for one, and a
    // bench that never reaches the broker leaves nothing declared on it.
    AMQP_URL: 'amqp://support-hub-workspace:unused@127.0.0.1:1', AMQP_EXCHANGE: `bench.${process.pid}.events`, LOG_LEVEL: 'fatal', LOG_REQUESTS: 'false',
  });
  const bare = startNode('bench/support/bare-jwt-server.js', { PORT: '3902', AUTH_DEV_KEY_FILE: keyFile });
  try {
    await Promise.all([waitForHttp('http://127.0.0.1:3901/health/live'), waitForHttp('http://127.0.0.1:3902/me').catch(() => undefined)]);
    const headers = { authorization: `Bearer ${token}` };
    const { baseline, ours, ratio } = await compareLoads('http://127.0.0.1:3902/me', 'http://127.0.0.1:3901/api/v1/me', headers, SECONDS);
    printTable('Authenticated trivial GET (target: ratio >= 0.8; median of 5 alternating rounds)', [
      { endpoint: 'bare Fastify + JWT check', 'req/s': baseline.requestsPerSecond, 'p50 ms': baseline.p50Ms, 'p99 ms': baseline.p99Ms, errors: baseline.errors + baseline.non2xx },
      { endpoint: 'workspace GET /api/v1/me', 'req/s': ours.requestsPerSecond, 'p50 ms': ours.p50Ms, 'p99 ms': ours.p99Ms, errors: ours.errors + ours.non2xx },
      { endpoint: 'ratio (ours / bare)', 'req/s': `${ratio.median.toFixed(2)} (${ratio.min.toFixed(2)}–${ratio.max.toFixed(2)})`, 'p50 ms': '', 'p99 ms': (ours.p99Ms / baseline.p99Ms).toFixed(2), errors: '' },
    ]);
  } finally {
    await Promise.all([stopProcess(service), stopProcess(bare)]);
    await mongo.stop();
  }
}

if (require.main === module) main().catch((error) => { console.error(error); process.exit(1); });
