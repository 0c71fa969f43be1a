// What the gateway costs: the same authenticated GET on the workspace service called directly,
// through the gateway of the embedded default and through nginx configured from the route table
// (when installed), measured in the same run, alternating rounds. Two requests: /api/v1/me, which
// does no I/O (the hop's cost at its largest share), and a list that reads the database once (a
// typical read: the share the hop takes of a request that does some work).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateDevSigningKey, signDevToken } from '@support-hub/auth';
import { SERVICE_NAMES, type ServiceName } from '@support-hub/contracts';
import { EmbeddedMongo } from '@support-hub/embedded-mongo';
import { EntryPoint, NGINX } from '../test/support/entry-points';
import { compareLoads, printTable, type Comparison } from './support/load';
import { startNode, stopProcess, waitForHttp } from './support/processes';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const PATHS = ['/api/v1/me', '/api/v1/workspaces?limit=20'];

function rows(name: string, { baseline, ours, ratio }: Comparison): Record<string, string | number>[] {
  return [
    { endpoint: `${name}: workspace directly`, 'req/s': baseline.requestsPerSecond, 'p50 ms': baseline.p50Ms, 'p99 ms': baseline.p99Ms, errors: baseline.errors + baseline.non2xx },
    { endpoint: `${name}: through it`, 'req/s': ours.requestsPerSecond, 'p50 ms': ours.p50Ms, 'p99 ms': ours.p99Ms, errors: ours.errors + ours.non2xx },
    {
      endpoint: `${name}: ratio (through / direct)`,
      'req/s': `${ratio.median.toFixed(2)} (${ratio.min.toFixed(2)}–${ratio.max.toFixed(2)})`,
      'p50 ms': '',
      'p99 ms': `+${(ours.p99Ms - baseline.p99Ms).toFixed(1)}`,
      errors: '',
    },
  ];
}

export async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-gateway-'));
  const keyFile = join(dataDir, 'dev-jwt.key');
  const token = signDevToken(loadOrCreateDevSigningKey(keyFile), { sub: 'bench', email: 'bench@contoso.com', tid: 'tenant-a' }, 'support-hub-dev', 'support-hub');
  const mongo = await EmbeddedMongo.start({ port: 0 });
  const direct = 'http://127.0.0.1:3911';
  const service = startNode('services/workspace/src/main.js', {
    PORT: '3911', MONGODB_URI: mongo.uri.replace('/?', '/bench-gateway?'), DATA_DIR: dataDir, AUTH_DEV_KEY_FILE: keyFile,
    // No broker: /api/v1/me needs none, and HTTP serves while the consumer waits for one.
    AMQP_URL: 'amqp://support-hub-workspace:unused@127.0.0.1:1', AMQP_EXCHANGE: `bench.${process.pid}.events`, LOG_LEVEL: 'fatal', LOG_REQUESTS: 'false',
  });
  const entries: EntryPoint[] = [];
  try {
    await waitForHttp(`${direct}/health/live`);
    // Only the workspace service runs: /api/v1/me is routed to it, the other routes are not called.
    const upstreams = Object.fromEntries(SERVICE_NAMES.map((name) => [name, [direct]])) as Record<ServiceName, string[]>;
    entries.push(await EntryPoint.gateway(upstreams, { LOG_REQUESTS: 'false' }));
    if (NGINX) entries.push(await EntryPoint.nginx(upstreams));
    const headers = { authorization: `Bearer ${token}` };
    for (const path of PATHS) {
      const table = rows('gateway (Fastify)', await compareLoads(`${direct}${path}`, `${entries[0].url}${path}`, headers, SECONDS));
      if (entries[1]) table.push(...rows('nginx', await compareLoads(`${direct}${path}`, `${entries[1].url}${path}`, headers, SECONDS)));
      printTable(`Gateway overhead on GET ${path} (target: ratio >= 0.7, p99 added <= 2 ms; median of 5 alternating rounds)`, table);
    }
    if (!NGINX) process.stdout.write('nginx is not installed: its row is left out\n');
  } finally {
    await Promise.all(entries.map((entry) => entry.stop()));
    await stopProcess(service);
    await mongo.stop();
  }
}

if (require.main === module) main().catch((error) => { console.error(error); process.exit(1); });
